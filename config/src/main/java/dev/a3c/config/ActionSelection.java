package dev.a3c.config;

/** How a policy's actions are chosen when it is evaluated or played. */
public enum ActionSelection {
    /** The most probable action. */
    GREEDY,
    /** Actions drawn from the policy's distribution, as during training. */
    SAMPLE;

    /** {@code greedy} or {@code sample}, in any case; {@code flag} names the option in the error. */
    public static ActionSelection parse(String value, String flag) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "greedy" -> GREEDY;
            case "sample" -> SAMPLE;
            default -> throw new IllegalArgumentException(flag + " must be greedy or sample, got '" + value + "'");
        };
    }
}

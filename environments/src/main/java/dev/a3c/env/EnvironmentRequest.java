package dev.a3c.env;

/**
 * An environment as a configuration names it.
 *
 * @param id the id; {@code source:name} for one from an {@link EnvironmentSource} (for example
 *           {@code gymnasium:ALE/Pong-v5}), a plain id for a built-in one
 * @param kwargs a JSON object of arguments for the source's constructor ({@code gymnasium.make}), empty for none
 * @param maxEpisodeSteps the time limit, 0 for the environment's own
 */
public record EnvironmentRequest(String id, String kwargs, int maxEpisodeSteps) {

    public EnvironmentRequest {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("environment id must not be blank");
        }
        kwargs = kwargs == null ? "" : kwargs.strip();
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("max episode steps must be >= 0, got " + maxEpisodeSteps);
        }
    }

    public static EnvironmentRequest of(String id) {
        return new EnvironmentRequest(id, "", 0);
    }

    /** The source's name, the part before the first colon; empty for a built-in id. */
    public String source() {
        int colon = id.indexOf(':');
        return colon < 0 ? "" : id.substring(0, colon);
    }

    /** The id within its source. */
    public String name() {
        return id.substring(id.indexOf(':') + 1);
    }
}

package dev.a3c.env;

/**
 * An environment as a configuration names it.
 *
 * @param id the id; {@code source:name} for one from an {@link EnvironmentSource} (for example
 *           {@code gymnasium:ALE/Pong-v5}), a plain id for a built-in one
 * @param kwargs a JSON object of arguments for the source's constructor ({@code gymnasium.make}), empty for none
 * @param maxEpisodeSteps the time limit, 0 for the environment's own
 * @param stickyActions for Atari games, the probability that the emulator repeats the previous action instead of
 *                      the one given (0 as the A3C paper's NoFrameskip-v4 games, 0.25 as Gymnasium's v5 protocol)
 * @param lifeLossTerminal for Atari games, whether a lost life ends the episode for learning (the game goes on, and
 *                         the episode reported is the whole game)
 */
public record EnvironmentRequest(String id, String kwargs, int maxEpisodeSteps, double stickyActions,
                                 boolean lifeLossTerminal) {

    /** An environment without Atari's settings. */
    public EnvironmentRequest(String id, String kwargs, int maxEpisodeSteps) {
        this(id, kwargs, maxEpisodeSteps, 0, false);
    }

    public EnvironmentRequest {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("environment id must not be blank");
        }
        kwargs = kwargs == null ? "" : kwargs.strip();
        if (maxEpisodeSteps < 0) {
            throw new IllegalArgumentException("max episode steps must be >= 0, got " + maxEpisodeSteps);
        }
        if (!(stickyActions >= 0 && stickyActions <= 1)) {
            throw new IllegalArgumentException("sticky actions is a probability, got " + stickyActions);
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

    /**
     * Whether this names an Atari game of the Arcade Learning Environment ({@code gymnasium:ALE/Pong-v5},
     * {@code gymnasium:PongNoFrameskip-v4}), which the bridge preprocesses as the A3C paper did.
     */
    public boolean atari() {
        String name = name();
        return source().equals("gymnasium") && (name.startsWith("ALE/") || name.contains("NoFrameskip"));
    }

    /** The id within its source. */
    public String name() {
        return id.substring(id.indexOf(':') + 1);
    }
}

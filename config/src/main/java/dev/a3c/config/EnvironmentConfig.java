package dev.a3c.config;

import dev.a3c.env.BatchedEnvironment;
import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentRequest;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Environments;
import dev.a3c.env.ObservationRange;
import dev.a3c.env.ObservationRescaling;
import dev.a3c.env.RescaledBatch;

/** The environment and what the learner sees of it. */
public record EnvironmentConfig(
        @Setting(flag = "env", label = "ID", doc = "Environment id (`a3c env list` lists them).")
        String id,
        @Setting(flag = "env-kwargs", label = "JSON", doc = "Keyword arguments for `gymnasium.make`, a JSON object "
                + "(gymnasium: ids only), e.g. '{\"continuous\": true}'.")
        String envKwargs,
        @Setting(label = "STEPS", doc = "Episode time limit; 0 keeps the environment's.")
        int maxEpisodeSteps,
        @Setting(doc = "Rescale observations to [-1, 1] by the bounds of the environment's observation space "
                + "(values without finite bounds pass unchanged).")
        boolean normalizeObservations,
        @Setting(label = "RANGE", doc = "Where --normalize-observations maps each bounded value: symmetric, [-1, 1]; "
                + "unit, [0, 1] (pixels divided by 255, as the DQN and A3C papers feed Atari frames).")
        ObservationRange observationRange,
        @Setting(doc = "Standardize each observation value by the running mean and standard deviation of all the "
                + "observations the workers have seen, clipped to [-10, 10]: the server adds up the workers' "
                + "statistics, sends them with the weights, and stores them in checkpoints and model files.")
        boolean standardizeObservations,
        @Setting(doc = "Multiply rewards by this for learning; reported returns stay unscaled.")
        double rewardScale,
        @Setting(doc = "Clip scaled rewards to [-C, C]; 0 for none.")
        double rewardClip,
        @Setting(label = "P", doc = "Atari games (gymnasium:ALE/ ids): the probability that the emulator repeats the "
                + "previous action instead of the given one; 0 as the A3C paper's NoFrameskip-v4 games, 0.25 as "
                + "Gymnasium's v5 protocol.")
        double stickyActions,
        @Setting(doc = "Atari games: a lost life ends the episode for learning (the value is not bootstrapped past "
                + "it) while the game goes on; returns are still reported per game.")
        boolean lifeLossTerminal) {

    public EnvironmentConfig {
        envKwargs = envKwargs == null ? "" : envKwargs.strip();
        Checks.require(observationRange != null, "an observation range is needed (symmetric or unit)");
        Checks.require(maxEpisodeSteps >= 0, "max episode steps must be >= 0 (0 = the environment's limit), got " + maxEpisodeSteps);
        EnvironmentSpec spec = Environments.spec(new EnvironmentRequest(id, envKwargs, maxEpisodeSteps, stickyActions, lifeLossTerminal));
        Checks.require(rewardScale > 0 && Double.isFinite(rewardScale), "reward scale must be > 0, got " + rewardScale);
        Checks.require(rewardClip >= 0 && Double.isFinite(rewardClip), "reward clip must be >= 0 (0 = none), got " + rewardClip);
        Checks.require(stickyActions >= 0 && stickyActions <= 1, "sticky actions is a probability, got " + stickyActions);
        Checks.require(stickyActions == 0 || new EnvironmentRequest(id, "", 0).atari(),
                "sticky actions are for Atari games (gymnasium:ALE/ ids), not " + id);
        Checks.require(!lifeLossTerminal || new EnvironmentRequest(id, "", 0).atari(),
                "lives are for Atari games (gymnasium:ALE/ ids), not " + id);
        Checks.require(!normalizeObservations || ObservationRescaling.supports(spec),
                id + " declares no observation bounds: observation normalisation is not available for it");
    }

    /** The environment as it is, rewards unchanged. */
    public static EnvironmentConfig of(String id) {
        return new EnvironmentConfig(id, "", 0, false, ObservationRange.SYMMETRIC, false, 1.0, 0.0, 0.0, false);
    }

    /** The environment's spaces and limits, with this time limit. */
    public EnvironmentSpec spec() {
        return Environments.spec(request());
    }

    /** The environment as its source is asked for it. */
    public EnvironmentRequest request() {
        return new EnvironmentRequest(id, envKwargs, maxEpisodeSteps, stickyActions, lifeLossTerminal);
    }

    /** A new environment as training sees it: time limit, then observation normalisation when configured. */
    public Environment make() {
        return rescaled(Environments.make(request()));
    }

    /** {@code count} environments as training sees them, stepped together. */
    public BatchedEnvironment batch(int count) {
        if (normalizeObservations && Environments.external(id)) {
            return new RescaledBatch(Environments.batch(request(), count, e -> e), observationRange);
        }
        return Environments.batch(request(), count, this::rescaled);
    }

    private Environment rescaled(Environment e) {
        return normalizeObservations ? new ObservationRescaling(e, observationRange) : e;
    }

    /** The reward the learner sees. */
    public double shapeReward(double reward) {
        double scaled = reward * rewardScale;
        return rewardClip > 0 ? Math.max(-rewardClip, Math.min(rewardClip, scaled)) : scaled;
    }
}

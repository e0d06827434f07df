package dev.a3c.config;

import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Environments;
import dev.a3c.env.ObservationRescaling;

/** The environment and what the learner sees of it. */
public record EnvironmentConfig(
        @Setting(flag = "env", label = "ID", doc = "Environment id (`a3c env list` lists them).")
        String id,
        @Setting(label = "STEPS", doc = "Episode time limit; 0 keeps the environment's.")
        int maxEpisodeSteps,
        @Setting(doc = "Rescale observations to [-1, 1] by the bounds of the environment's observation space "
                + "(values without finite bounds pass unchanged).")
        boolean normalizeObservations,
        @Setting(doc = "Multiply rewards by this for learning; reported returns stay unscaled.")
        double rewardScale,
        @Setting(doc = "Clip scaled rewards to [-C, C]; 0 for none.")
        double rewardClip) {

    public EnvironmentConfig {
        EnvironmentSpec spec = Environments.spec(id);
        Checks.require(maxEpisodeSteps >= 0, "max episode steps must be >= 0 (0 = the environment's limit), got " + maxEpisodeSteps);
        Checks.require(rewardScale > 0 && Double.isFinite(rewardScale), "reward scale must be > 0, got " + rewardScale);
        Checks.require(rewardClip >= 0 && Double.isFinite(rewardClip), "reward clip must be >= 0 (0 = none), got " + rewardClip);
        Checks.require(!normalizeObservations || ObservationRescaling.supports(spec),
                id + " declares no observation bounds: observation normalisation is not available for it");
    }

    /** The environment as it is, rewards unchanged. */
    public static EnvironmentConfig of(String id) {
        return new EnvironmentConfig(id, 0, false, 1.0, 0.0);
    }

    /** The environment's spaces and limits, with this time limit. */
    public EnvironmentSpec spec() {
        EnvironmentSpec spec = Environments.spec(id);
        return maxEpisodeSteps > 0 ? spec.withMaxEpisodeSteps(maxEpisodeSteps) : spec;
    }

    /** A new environment as training sees it: time limit, then observation normalisation when configured. */
    public Environment make() {
        Environment e = Environments.make(id, maxEpisodeSteps);
        return normalizeObservations ? new ObservationRescaling(e) : e;
    }

    /** The reward the learner sees. */
    public double shapeReward(double reward) {
        double scaled = reward * rewardScale;
        return rewardClip > 0 ? Math.max(-rewardClip, Math.min(rewardClip, scaled)) : scaled;
    }
}

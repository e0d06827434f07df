package dev.a3c.config;

import dev.a3c.learning.LinearSchedule;

/** The A3C update: how workers collect experience and turn it into a gradient, and which pushes the server takes. */
public record AlgorithmConfig(
        @Setting(label = "K", doc = "Environments each worker steps together; 1 is the classic A3C worker.")
        int envsPerWorker,
        @Setting(label = "T", doc = "Steps per environment between gradient pushes (t_max).")
        int rolloutSteps,
        @Setting(doc = "Discount factor.")
        double gamma,
        @Setting(label = "LAMBDA", doc = "Lambda of generalized advantage estimation; 1 gives the A3C paper's n-step returns.")
        double gaeLambda,
        @Setting(doc = "Weight of the entropy bonus.")
        double entropyCoef,
        @Setting(doc = "Lower the entropy weight linearly to 0 over --max-steps, as --anneal-lr the learning rate (each "
                + "worker counts the run's steps as the model's version times K times T).")
        boolean annealEntropy,
        @Setting(doc = "Weight of the value loss.")
        double valueLossCoef,
        @Setting(doc = "Global gradient-norm bound applied by workers; 0 for none.")
        double maxGradNorm,
        @Setting(doc = "Standardise each rollout's advantages (zero mean, unit standard deviation) before the policy "
                + "loss, as Stable-Baselines3's A2C option does; the value loss keeps the raw returns.")
        boolean normalizeAdvantages,
        @Setting(label = "VERSIONS", doc = "Refuse (or down-weight, see --stale-pushes) a push computed on weights more "
                + "than this many versions old; 0 for no limit.")
        int maxStaleness,
        @Setting(doc = "What happens to a push beyond --max-staleness: reject it (FAILED_PRECONDITION, the worker drops "
                + "it) or apply it with the step size times max/staleness.")
        StalePushes stalePushes,
        @Setting(doc = "Precision of the weights and gradients on the wire: float32, or bfloat16 (the upper half of "
                + "each float32, rounded to nearest even: half the bytes a push and its answer carry, values within "
                + "2^-8 of their own; the server keeps and updates float32 weights).")
        WirePrecision wirePrecision) {

    /** What the server does with a push computed on weights older than {@code maxStaleness} versions. */
    public enum StalePushes { REJECT, DOWNWEIGHT }

    public static final AlgorithmConfig DEFAULTS = new AlgorithmConfig(32, 5, 0.99, 1.0, 0.01, false, 0.5, 0.5, false, 0,
            StalePushes.REJECT, WirePrecision.FLOAT32);

    public AlgorithmConfig {
        Checks.require(envsPerWorker >= 1 && envsPerWorker <= 4096, "envs per worker must be in [1, 4096], got " + envsPerWorker);
        Checks.require(rolloutSteps >= 1 && rolloutSteps <= 10_000, "rollout steps must be in [1, 10000], got " + rolloutSteps);
        Checks.require(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1], got " + gamma);
        Checks.require(gaeLambda >= 0 && gaeLambda <= 1, "GAE lambda must be in [0, 1], got " + gaeLambda);
        Checks.require(entropyCoef >= 0 && Double.isFinite(entropyCoef), "entropy coefficient must be >= 0, got " + entropyCoef);
        Checks.require(valueLossCoef >= 0 && Double.isFinite(valueLossCoef), "value loss coefficient must be >= 0, got " + valueLossCoef);
        Checks.require(maxGradNorm >= 0 && Double.isFinite(maxGradNorm), "max grad norm must be >= 0, got " + maxGradNorm);
        Checks.require(maxStaleness >= 0, "max staleness must be >= 0 (0 = no limit), got " + maxStaleness);
        Checks.require(stalePushes != null, "stale pushes must be reject or downweight");
        Checks.require(wirePrecision != null, "wire precision must be float32 or bfloat16");
    }

    /** The entropy weight over the step budget {@code maxSteps}. */
    public LinearSchedule entropySchedule(long maxSteps) {
        return new LinearSchedule(entropyCoef, maxSteps, annealEntropy);
    }

    /** Whether a push beyond the staleness limit is applied with a smaller step instead of refused. */
    public boolean downweightStale() {
        return stalePushes == StalePushes.DOWNWEIGHT;
    }
}

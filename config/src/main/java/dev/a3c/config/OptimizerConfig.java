package dev.a3c.config;

import dev.a3c.learning.LinearSchedule;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.learning.optim.OptimizerSettings;

/** The shared optimizer the parameter server applies gradients with. */
public record OptimizerConfig(
        @Setting(flag = "optimizer", label = "rmsprop|adam", doc = "Shared optimizer (RMSProp with shared statistics "
                + "is the A3C paper's).")
        OptimizerKind kind,
        @Setting(flag = "lr", label = "RATE", doc = "Learning rate of the shared optimizer.")
        double learningRate,
        @Setting(flag = "anneal-lr", doc = "Anneal the learning rate linearly to 0 over --max-steps.")
        boolean annealLearningRate,
        @Setting(doc = "RMSProp's decay of the squared-gradient average (alpha).")
        double rmsDecay,
        @Setting(doc = "Adam's first-moment decay.")
        double adamBeta1,
        @Setting(doc = "Adam's second-moment decay.")
        double adamBeta2,
        @Setting(flag = "optimizer-eps", doc = "Added to the root of the second-moment estimate.")
        double epsilon) {

    public static final OptimizerConfig DEFAULTS = new OptimizerConfig(OptimizerKind.RMSPROP, 2e-3, true,
            OptimizerSettings.DEFAULTS.rmsDecay(), OptimizerSettings.DEFAULTS.adamBeta1(),
            OptimizerSettings.DEFAULTS.adamBeta2(), OptimizerSettings.DEFAULTS.epsilon());

    public OptimizerConfig {
        Checks.require(kind != null, "optimizer must be rmsprop or adam");
        Checks.require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
        settings(rmsDecay, adamBeta1, adamBeta2, epsilon); // checks them
    }

    private static OptimizerSettings settings(double rmsDecay, double adamBeta1, double adamBeta2, double epsilon) {
        return new OptimizerSettings(rmsDecay, adamBeta1, adamBeta2, epsilon);
    }

    /** The optimizer's own parameters. */
    public OptimizerSettings settings() {
        return settings(rmsDecay, adamBeta1, adamBeta2, epsilon);
    }

    /** The learning rate over a budget of {@code maxSteps} env steps. */
    public LinearSchedule schedule(long maxSteps) {
        return new LinearSchedule(learningRate, maxSteps, annealLearningRate);
    }
}

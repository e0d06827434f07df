package dev.a3c.network;

import dev.a3c.config.OptimizerConfig;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.learning.optim.OptimizerSettings;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * DL4J's configuration of the same updater as one of our shared optimizers, so that a model file's updater state
 * has the layout of that optimizer's state (the server keeps its state there for checkpoints).
 */
public final class Dl4jUpdaters {

    private Dl4jUpdaters() {}

    public static IUpdater of(OptimizerKind kind, double learningRate, OptimizerSettings settings) {
        return switch (kind) {
            case RMSPROP -> new RmsProp(learningRate, settings.rmsDecay(), settings.epsilon());
            case ADAM -> new Adam(learningRate, settings.adamBeta1(), settings.adamBeta2(), settings.epsilon());
        };
    }

    public static IUpdater of(OptimizerConfig optimizer) {
        return of(optimizer.kind(), optimizer.learningRate(), optimizer.settings());
    }
}

package dev.a3c.server.evaluation;

import dev.a3c.config.EvaluationConfig;
import dev.a3c.env.Environment;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.normalization.ObservationStandardizer;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.PolicyEvaluation;
import java.util.function.Supplier;

/**
 * Plays fresh episodes with the weights of one version and reports their statistics: the same play
 * as {@code a3c play} ({@link PolicyEvaluation}), from the seeds of {@link EvaluationSeeds}. Plain
 * Java, no threads: the server runs it on a thread of its own.
 */
final class Evaluator {

    private final EvaluationConfig settings;
    private final Supplier<Environment> environments;
    private final long runSeed;

    Evaluator(EvaluationConfig settings, Supplier<Environment> environments, long runSeed) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("evaluation is off");
        }
        this.settings = settings;
        this.environments = environments;
        this.runSeed = runSeed;
    }

    /**
     * Evaluation number {@code index} of {@code network}, whose weights are those of {@code version}; its inputs are
     * observations standardized by {@code moments} (those of the same version), or as they are when that is null.
     */
    Evaluation evaluate(long index, ActorCriticNetwork network, ObservationMoments moments, long version, long envSteps,
                        double wallSeconds) {
        long seed = EvaluationSeeds.of(runSeed, index);
        PolicyEvaluation.Result result = PolicyEvaluation.run(network,
                moments == null ? null : new ObservationStandardizer(moments), environments.get(), settings.episodes(),
                seed, settings.actions(), new PolicyEvaluation.Listener() { });
        return Evaluation.of(index, version, envSteps, wallSeconds, seed, result.returns());
    }
}

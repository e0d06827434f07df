package dev.a3c.server.training;

import dev.a3c.config.WirePrecision;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.optim.Optimizer;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.wire.TensorCodec;
import java.nio.FloatBuffer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The global actor-critic network and the shared optimizer. Gradients are applied one at a time
 * under this object's lock; every applied gradient increments the version. Encoded weights are
 * cached per version, so many workers pulling the same version share one byte array. In a run that standardizes
 * observations, the moments of the observations the applied pushes covered change with the weights, under the same
 * lock: each version has its weights and its moments.
 */
public final class GlobalModel {

    /**
     * Weights of one version, encoded as the wire carries them (little-endian, in the run's {@link WirePrecision}),
     * and its moments (null: not standardized). Never modified.
     */
    record Snapshot(long version, byte[] weights, ObservationMoments moments) {}

    /** What a checkpoint needs, copied under the lock. */
    public record CheckpointCopy(long version, ComputationGraph graph, float[] optimizerState, long optimizerSteps,
                                 ObservationMoments moments) {}

    private final ActorCriticNetwork network;
    private final Optimizer optimizer;
    private final FloatBuffer parameters;
    private final WirePrecision precision;
    private long version;
    private ObservationMoments moments;
    private Snapshot snapshot;

    /** A model whose inputs are observations as the environment gives them. */
    public GlobalModel(ActorCriticNetwork network, Optimizer optimizer, long version) {
        this(network, optimizer, version, null);
    }

    /**
     * @param moments the moments of the observations seen so far, by which inputs are standardized; null for a run
     *                that does not standardize them
     */
    public GlobalModel(ActorCriticNetwork network, Optimizer optimizer, long version, ObservationMoments moments) {
        this(network, optimizer, version, moments, WirePrecision.FLOAT32);
    }

    /**
     * @param moments   the moments of the observations seen so far, by which inputs are standardized; null for a run
     *                  that does not standardize them
     * @param precision the precision in which weights go out ({@link #snapshot}); they are kept in float32
     */
    public GlobalModel(ActorCriticNetwork network, Optimizer optimizer, long version, ObservationMoments moments,
                       WirePrecision precision) {
        if (moments != null && moments.size() != network.spec().observationSize()) {
            throw new IllegalArgumentException("moments of " + moments.size() + " values for observations of "
                    + network.spec().observationSize());
        }
        this.network = network;
        this.optimizer = optimizer;
        this.parameters = network.parameters();
        this.version = version;
        this.moments = moments;
        this.precision = precision;
    }

    /** The number of values in an observation. */
    int observationSize() {
        return network.spec().observationSize();
    }

    /** Whether the network's inputs are standardized observations. */
    boolean standardizes() {
        return moments != null;
    }

    int parameterCount() {
        return network.parameterCount();
    }

    synchronized long version() {
        return version;
    }

    /**
     * Applies one gradient (already validated: right length, finite) and returns the new version.
     */
    synchronized long apply(FloatBuffer gradient, double learningRate) {
        return apply(gradient, learningRate, null);
    }

    /**
     * Applies one gradient and adds the moments of the observations it came from (validated; null when the run does
     * not standardize them); returns the new version.
     */
    synchronized long apply(FloatBuffer gradient, double learningRate, ObservationMoments observed) {
        if ((observed != null) != standardizes()) {
            throw new IllegalArgumentException(standardizes() ? "this run standardizes observations: moments needed"
                    : "this run does not standardize observations");
        }
        optimizer.step(parameters, gradient, learningRate);
        if (observed != null) {
            moments = moments.merge(observed);
        }
        return ++version;
    }

    synchronized Snapshot snapshot() {
        if (snapshot == null || snapshot.version() != version) {
            snapshot = new Snapshot(version, TensorCodec.encode(parameters, precision), moments);
        }
        return snapshot;
    }

    synchronized CheckpointCopy copyForCheckpoint() {
        return new CheckpointCopy(version, network.graph().clone(), optimizer.state(), optimizer.steps(), moments);
    }
}

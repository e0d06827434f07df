package dev.a3c.server.training;

import dev.a3c.learning.optim.Optimizer;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.wire.TensorCodec;
import java.nio.FloatBuffer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The global actor-critic network and the shared optimizer. Gradients are applied one at a time
 * under this object's lock; every applied gradient increments the version. Encoded weights are
 * cached per version, so many workers pulling the same version share one byte array.
 */
public final class GlobalModel {

    /** Weights of one version, encoded as little-endian float32 bytes. Never modified. */
    record Snapshot(long version, byte[] weights) {}

    /** What a checkpoint needs, copied under the lock. */
    public record CheckpointCopy(long version, ComputationGraph graph, float[] optimizerState, long optimizerSteps) {}

    private final ActorCriticNetwork network;
    private final Optimizer optimizer;
    private final FloatBuffer parameters;
    private long version;
    private Snapshot snapshot;

    public GlobalModel(ActorCriticNetwork network, Optimizer optimizer, long version) {
        this.network = network;
        this.optimizer = optimizer;
        this.parameters = network.parameters();
        this.version = version;
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
        optimizer.step(parameters, gradient, learningRate);
        return ++version;
    }

    synchronized Snapshot snapshot() {
        if (snapshot == null || snapshot.version() != version) {
            snapshot = new Snapshot(version, TensorCodec.encode(parameters));
        }
        return snapshot;
    }

    synchronized CheckpointCopy copyForCheckpoint() {
        return new CheckpointCopy(version, network.graph().clone(), optimizer.state(), optimizer.steps());
    }
}

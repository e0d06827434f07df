package dev.a3c.network;

import java.nio.FloatBuffer;

/** Inference through DL4J itself: any torso, any core. */
final class GraphInference implements PolicyInference {

    private final ActorCriticNetwork network;

    GraphInference(ActorCriticNetwork network) {
        this.network = network;
    }

    @Override
    public void act(float[] observations, int rows, LstmState state, float[] policy, float[] values) {
        if (network.spec().recurrent()) {
            if (state == null) {
                throw new IllegalArgumentException("a recurrent network needs its LSTM state");
            }
            network.step(observations, rows, state, policy, values);
        } else {
            network.predict(observations, rows, policy, values);
        }
    }

    @Override
    public void refresh() {
        // DL4J reads the parameters in place
    }

    @Override
    public void load(FloatBuffer parameters) {
        network.setParameters(parameters);
    }
}

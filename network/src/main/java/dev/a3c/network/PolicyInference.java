package dev.a3c.network;

/** Evaluates a network's policy and value for acting: one row per environment. */
public interface PolicyInference {

    /** The fastest inference for {@code network}: plain Java for feed-forward networks, DL4J for recurrent ones. */
    static PolicyInference of(ActorCriticNetwork network) {
        return PlainNetwork.supports(network.spec()) ? new PlainNetwork(network) : new GraphInference(network);
    }

    /**
     * @param observations {@code rows * observationSize}, row-major
     * @param state the LSTM state of the rows, advanced by one step; null for a feed-forward network
     * @param policy out: {@code rows * head.outputWidth()}
     * @param values out: {@code rows}
     */
    void act(float[] observations, int rows, LstmState state, float[] policy, float[] values);

    /** Call after the network's parameters change. */
    void refresh();
}

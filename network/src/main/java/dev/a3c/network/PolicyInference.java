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

    /**
     * Acts from now on with {@code parameters}: the network's flat parameters in DL4J's layout, read from index 0
     * (the buffer's position is unchanged). A DL4J inference puts them into the network; a plain-Java one copies them
     * into its own arrays and leaves the DL4J network's as they were (faster: a worker's network is then only the
     * plain one's template), so call {@link #refresh()} only after changing the DL4J network itself.
     */
    void load(java.nio.FloatBuffer parameters);
}

package dev.a3c.network;

import static dev.a3c.network.ActorCriticGraph.LOG_STD;
import static dev.a3c.network.ActorCriticGraph.LSTM_CORE;
import static dev.a3c.network.ActorCriticGraph.POLICY;
import static dev.a3c.network.ActorCriticGraph.VALUE;

import dev.a3c.config.NetworkSpec;
import dev.a3c.learning.ActionHead;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * An actor-critic network on DeepLearning4J, built from a {@link NetworkSpec}: an MLP or
 * convolutional torso, an optional LSTM core, a linear policy head ({@code policy}: logits, or
 * Gaussian means plus the learned log standard deviations {@code log_std}) and a linear value head
 * ({@code value}). The loss gradient is supplied from outside ({@link #backward}), so the heads are
 * plain dense layers.
 *
 * <p>Observations are given flat, in the environment's c order (MinAtar: rows x columns x
 * channels); the network reorders them for DL4J's channels-first convolution. The policy output
 * of a row is {@link ActionHead#outputWidth()} values.
 *
 * <p>A feed-forward network takes batches of rows ({@link #forward}). A recurrent one takes
 * sequences ({@link #forwardSequences}) that start from a given LSTM state, row {@code s * steps + t}
 * being step {@code t} of sequence {@code s}; {@link #step} advances a batch by one step for acting.
 *
 * <p>Parameters and gradients are single flat c-order arrays; {@link #parameters()} and
 * {@link #gradient()} expose them as {@link FloatBuffer} views. Not thread-safe.
 */
public final class ActorCriticNetwork {

    private static final String STATE_H = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION;
    private static final String STATE_C = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL;

    private final NetworkSpec spec;
    private final ComputationGraph graph;
    private final ObservationLayout layout;
    /** The training forward pass DL4J holds the activations of, or null when another call came since. */
    private ForwardPass latest;

    /**
     * What a training forward pass leaves for {@link #backward}: its shape and, for a recurrent
     * network, the state it started from. DL4J keeps the activations inside the graph, so only the
     * latest training forward pass of a network can be back-propagated, with no other call of the
     * network in between; {@code backward} checks that it is given that pass.
     */
    public static final class ForwardPass {
        private final int rows;
        private final int steps;
        private final LstmState initial;

        private ForwardPass(int rows, int steps, LstmState initial) {
            this.rows = rows;
            this.steps = steps;
            this.initial = initial;
        }
    }

    private ActorCriticNetwork(NetworkSpec spec, ComputationGraph graph) {
        this.spec = spec;
        this.graph = graph;
        this.layout = new ObservationLayout(spec);
    }

    /** A new float32 network with freshly initialised weights. */
    public static ActorCriticNetwork create(NetworkSpec spec, long seed) {
        return create(spec, seed, DataType.FLOAT, new NoOp());
    }

    /**
     * A new network.
     *
     * @param updater the DL4J updater configuration whose state layout checkpoints use; the network
     *                itself is never trained by DL4J's updater
     */
    public static ActorCriticNetwork create(NetworkSpec spec, long seed, DataType dataType, IUpdater updater) {
        return create(spec, seed, dataType, updater, 0);
    }

    /**
     * A new network whose Gaussian head (if it has one) starts with log standard deviation
     * {@code initialLogStd} in every dimension.
     */
    public static ActorCriticNetwork create(NetworkSpec spec, long seed, DataType dataType, IUpdater updater,
                                            double initialLogStd) {
        ComputationGraphConfiguration configuration = ActorCriticGraph.configuration(spec, seed, dataType, updater);
        ComputationGraph graph = spec.recurrent() ? new RecurrentGraph(configuration) : new ComputationGraph(configuration);
        graph.init();
        if (spec.head().stateDependentStd()) {
            // log_std = W h + b with W near 0: the bias is where the log standard deviations start
            graph.getLayer(LOG_STD).getParam("b").assign(initialLogStd);
        } else if (spec.head().isGaussian()) {
            // log_std = W * 1: the weights are the log standard deviations
            graph.getLayer(LOG_STD).getParam("W").assign(initialLogStd);
        }
        return wrap(spec, graph);
    }

    /**
     * Wraps an existing graph (for example one restored from a checkpoint) after checking its shape.
     * A recurrent network is rebuilt around the same parameters, since its backward pass needs
     * {@link RecurrentGraph}.
     */
    public static ActorCriticNetwork wrap(NetworkSpec spec, ComputationGraph graph) {
        if (graph.numParams() != spec.parameterCount()) {
            throw new IllegalArgumentException("graph has " + graph.numParams() + " parameters, spec expects "
                    + spec.parameterCount());
        }
        if (spec.recurrent() && !(graph instanceof RecurrentGraph)) {
            RecurrentGraph rebuilt = new RecurrentGraph(graph.getConfiguration());
            rebuilt.init(graph.params(), false);
            graph = rebuilt;
        }
        if (graph.getGradientsViewArray() == null) {
            graph.initGradientsView();
        }
        return new ActorCriticNetwork(spec, graph);
    }

    public NetworkSpec spec() {
        return spec;
    }

    public ComputationGraph graph() {
        return graph;
    }

    public int parameterCount() {
        return (int) spec.parameterCount();
    }

    /**
     * A live view of the flat float32 parameters: writes change the network. The view is over native memory that
     * the network owns: use it only while the network is reachable (ND4J frees the memory when the network is
     * collected; hold the network, or {@link java.lang.ref.Reference#reachabilityFence} it, until done).
     */
    public FloatBuffer parameters() {
        return floatView(graph.params());
    }

    /** Sets the flat parameters to {@code values}, read from index 0 (their position is unchanged). */
    public void setParameters(FloatBuffer values) {
        FloatBuffer own = parameters();
        if (values.limit() != own.limit()) {
            throw new IllegalArgumentException("expected " + own.limit() + " parameters, got " + values.limit());
        }
        own.put(0, values, 0, own.limit());
        java.lang.ref.Reference.reachabilityFence(this);
    }

    /** A live view of the flat float32 gradient written by {@link #backward}; valid as {@link #parameters()}. */
    public FloatBuffer gradient() {
        return floatView(graph.getGradientsViewArray());
    }

    /**
     * Inference for {@code rows} observations of a feed-forward network.
     *
     * @param observations {@code rows * observationSize} values, row-major
     * @param policy out: {@code rows * head.outputWidth()}
     * @param values out: {@code rows}
     */
    public void predict(float[] observations, int rows, float[] policy, float[] values) {
        requireFeedForward();
        latest = null;
        INDArray[] out = graph.output(false, inputs(feedForwardInput(observations, rows), rows, 0));
        copyOutputs(outputsByName(out), rows, 0, policy, values);
    }

    /**
     * One step of a recurrent network for {@code rows} sequences: reads the LSTM state from
     * {@code state} and writes the next state back into it.
     */
    public void step(float[] observations, int rows, LstmState state, float[] policy, float[] values) {
        requireRecurrent();
        latest = null;
        setState(state, rows);
        INDArray input = sequenceInput(observations, rows, 1);
        Map<String, INDArray> activations = graph.rnnActivateUsingStoredState(inputs(input, rows, 1), false, true);
        copyOutputs(activations, rows, 1, policy, values);
        RecurrentLayer lstm = (RecurrentLayer) graph.getLayer(LSTM_CORE);
        copyState(lstm.rnnGetTBPTTState(), state, rows);
    }

    /**
     * The forward pass of a training step for a feed-forward network: keeps what {@link #backward}
     * needs and returns the heads' outputs.
     */
    public ForwardPass forward(float[] observations, int rows, double[] policy, double[] values) {
        requireFeedForward();
        return runForward(feedForwardInput(observations, rows), rows, policy, values);
    }

    /** {@link #forward(float[], int, double[], double[])} for double-precision inputs (gradient checks). */
    public ForwardPass forward(double[] observations, int rows, double[] policy, double[] values) {
        requireFeedForward();
        INDArray input = Nd4j.create(layout.toGraphOrder(observations, rows), new long[] {rows, spec.observationSize()}, 'c')
                .castTo(graph.params().dataType());
        return runForward(input, rows, policy, values);
    }

    /**
     * The forward pass of a training step for a recurrent network over {@code sequences} sequences of
     * {@code steps} steps, each starting from its row of {@code initial}.
     *
     * @param observations {@code sequences * steps * observationSize}: sequence-major, then step
     * @param policy out: row {@code s * steps + t} holds step t of sequence s
     * @param values out: same rows
     */
    public ForwardPass forwardSequences(float[] observations, int sequences, int steps, LstmState initial, double[] policy,
                                        double[] values) {
        requireRecurrent();
        setState(initial, sequences);
        return runSequences(sequenceInput(observations, sequences, steps), sequences, steps, initial, policy, values);
    }

    /** {@link #forwardSequences} for double-precision inputs (gradient checks). */
    public ForwardPass forwardSequences(double[] observations, int sequences, int steps, LstmState initial, double[] policy,
                                        double[] values) {
        requireRecurrent();
        setState(initial, sequences);
        INDArray input = Nd4j.create(layout.toGraphOrder(observations, sequences * steps),
                new long[] {sequences, steps, spec.observationSize()}, 'c').permute(0, 2, 1).dup('c')
                .castTo(graph.params().dataType());
        return runSequences(input, sequences, steps, initial, policy, values);
    }

    private ForwardPass runForward(INDArray input, int rows, double[] policy, double[] values) {
        latest = null;
        Map<String, INDArray> activations = graph.feedForward(inputs(input, rows, 0), true, false);
        copyOutputs(activations, rows, 0, policy, values);
        latest = new ForwardPass(rows, 0, null);
        return latest;
    }

    private ForwardPass runSequences(INDArray input, int sequences, int steps, LstmState initial, double[] policy,
                                     double[] values) {
        latest = null;
        Map<String, INDArray> activations = ((RecurrentGraph) graph).forwardFromStoredState(inputs(input, sequences, steps));
        copyOutputs(activations, sequences, steps, policy, values);
        latest = new ForwardPass(sequences, steps, initial.copy());
        return latest;
    }

    private Map<String, INDArray> outputsByName(INDArray[] out) {
        Map<String, INDArray> activations = new HashMap<>();
        activations.put(POLICY, out[0]);
        activations.put(VALUE, out[out.length - 1]);
        if (spec.head().isGaussian()) {
            activations.put(LOG_STD, out[1]);
        }
        return activations;
    }

    /**
     * Back-propagates the loss gradient with respect to the heads' outputs (rows as in {@code pass};
     * policy rows {@link ActionHead#outputWidth()} wide) into {@link #gradient()}.
     *
     * @param pass the latest training forward pass of this network
     * @throws IllegalStateException for another pass: DL4J holds only the latest one's activations
     */
    public void backward(ForwardPass pass, double[] policyGrad, double[] valueGrad) {
        if (pass == null || pass != latest) {
            throw new IllegalStateException("backward needs the latest training forward pass of this network, with no "
                    + "other call of it in between");
        }
        int rows = pass.rows;
        int steps = pass.steps;
        ActionHead head = spec.head();
        int width = head.outputWidth();
        int size = head.size();
        int n = steps == 0 ? rows : rows * steps;
        double[] main = new double[n * size];
        double[] logStd = head.isGaussian() ? new double[n * size] : null;
        for (int i = 0; i < n; i++) {
            System.arraycopy(policyGrad, i * width, main, i * size, size);
            if (logStd != null) {
                System.arraycopy(policyGrad, i * width + size, logStd, i * size, size);
            }
        }
        INDArray policyEps = outputArray(main, rows, steps, size);
        INDArray valueEps = outputArray(valueGrad, rows, steps, 1);
        INDArray[] eps = logStd == null ? new INDArray[] {policyEps, valueEps}
                : new INDArray[] {policyEps, outputArray(logStd, rows, steps, size), valueEps};
        if (steps == 0) {
            graph.backpropGradient(eps);
        } else {
            // DL4J's forward pass may update the stored state arrays in place: set them afresh
            setState(pass.initial, rows);
            ((RecurrentGraph) graph).backpropFromStoredState(eps);
        }
    }

    // ---- inputs and outputs -------------------------------------------------------------------

    private INDArray[] inputs(INDArray obs, int rows, int steps) {
        if (!spec.head().isGaussian() || spec.head().stateDependentStd()) {
            return new INDArray[] {obs};
        }
        INDArray one = steps == 0 || !spec.recurrent() ? Nd4j.ones(obs.dataType(), rows, 1)
                : Nd4j.ones(obs.dataType(), rows, 1, steps);
        return new INDArray[] {obs, one};
    }

    private INDArray feedForwardInput(float[] observations, int rows) {
        int length = rows * spec.observationSize();
        if (observations.length < length) {
            throw new IllegalArgumentException("need " + length + " observation values, got " + observations.length);
        }
        float[] data = layout.toGraphOrder(observations, rows);
        INDArray input = Nd4j.create(data, new long[] {rows, spec.observationSize()}, 'c');
        return cast(input);
    }

    /** [sequences, features, steps] from sequence-major rows. */
    private INDArray sequenceInput(float[] observations, int sequences, int steps) {
        int length = sequences * steps * spec.observationSize();
        if (observations.length < length) {
            throw new IllegalArgumentException("need " + length + " observation values, got " + observations.length);
        }
        float[] data = layout.toGraphOrder(observations, sequences * steps);
        INDArray input = Nd4j.create(data, new long[] {sequences, steps, spec.observationSize()}, 'c')
                .permute(0, 2, 1).dup('c');
        return cast(input);
    }

    private INDArray cast(INDArray input) {
        DataType type = graph.params().dataType();
        return input.dataType() == type ? input : input.castTo(type);
    }

    private void copyOutputs(Map<String, INDArray> activations, int rows, int steps, double[] policy, double[] values) {
        int n = steps == 0 ? rows : rows * steps;
        ActionHead head = spec.head();
        int width = head.outputWidth();
        double[] main = rowMajor(activations.get(POLICY), rows, steps, head.size());
        double[] logStd = head.isGaussian() ? rowMajor(activations.get(LOG_STD), rows, steps, head.size()) : null;
        double[] value = rowMajor(activations.get(VALUE), rows, steps, 1);
        check(policy.length >= n * width && values.length >= n, "output arrays too small");
        interleave(main, logStd, n, head.size(), policy);
        System.arraycopy(value, 0, values, 0, n);
    }

    private void copyOutputs(Map<String, INDArray> activations, int rows, int steps, float[] policy, float[] values) {
        int n = steps == 0 ? rows : rows * steps;
        double[] p = new double[n * spec.head().outputWidth()];
        double[] v = new double[n];
        copyOutputs(activations, rows, steps, p, v);
        check(policy.length >= p.length && values.length >= n, "output arrays too small");
        for (int i = 0; i < p.length; i++) {
            policy[i] = (float) p[i];
        }
        for (int i = 0; i < n; i++) {
            values[i] = (float) v[i];
        }
    }

    private static void interleave(double[] main, double[] logStd, int n, int size, double[] out) {
        int width = logStd == null ? size : 2 * size;
        for (int i = 0; i < n; i++) {
            System.arraycopy(main, i * size, out, i * width, size);
            if (logStd != null) {
                System.arraycopy(logStd, i * size, out, i * width + size, size);
            }
        }
    }

    /** An output as rows x columns, row {@code s * steps + t} for a sequence output [sequences, columns, steps]. */
    private static double[] rowMajor(INDArray array, int rows, int steps, int columns) {
        INDArray a = array;
        if (steps > 0) {
            a = a.permute(0, 2, 1);   // [sequences, steps, columns]
        }
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** Gradient values (row-major, rows as {@link #rowMajor}) as an array shaped like the output. */
    private INDArray outputArray(double[] data, int rows, int steps, int columns) {
        DataType type = graph.params().dataType();
        if (steps == 0) {
            return Nd4j.create(Arrays.copyOf(data, rows * columns), new long[] {rows, columns}, 'c').castTo(type);
        }
        return Nd4j.create(Arrays.copyOf(data, rows * steps * columns), new long[] {rows, steps, columns}, 'c')
                .permute(0, 2, 1).dup('c').castTo(type);
    }

    // ---- LSTM state -------------------------------------------------------------------------------

    /**
     * Sets the LSTM's initial state for the next pass. DL4J M2.1 reads it from two places: the
     * stored-state forward pass from the layer's TBPTT state, the TBPTT backward pass from its
     * time-step state; both get (separate copies of) the same values.
     */
    private void setState(LstmState state, int rows) {
        check(state.size() == spec.lstmSize() && state.rows() >= rows, "LSTM state does not fit the batch");
        graph.rnnSetPreviousState(LSTM_CORE, stateMap(state, rows));
        ((RecurrentLayer) graph.getLayer(LSTM_CORE)).rnnSetTBPTTState(stateMap(state, rows));
    }

    private Map<String, INDArray> stateMap(LstmState state, int rows) {
        DataType type = graph.params().dataType();
        long[] shape = {rows, state.size()};
        Map<String, INDArray> map = new HashMap<>();
        map.put(STATE_H, Nd4j.create(Arrays.copyOf(state.hidden(), rows * state.size()), shape, 'c').castTo(type));
        map.put(STATE_C, Nd4j.create(Arrays.copyOf(state.cell(), rows * state.size()), shape, 'c').castTo(type));
        return map;
    }

    private static void copyState(Map<String, INDArray> map, LstmState state, int rows) {
        check(map != null && map.get(STATE_H) != null, "no LSTM state after the step");
        float[] h = map.get(STATE_H).castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] c = map.get(STATE_C).castTo(DataType.FLOAT).dup('c').data().asFloat();
        System.arraycopy(h, 0, state.hidden(), 0, rows * state.size());
        System.arraycopy(c, 0, state.cell(), 0, rows * state.size());
    }

    private void requireFeedForward() {
        check(!spec.recurrent(), "a recurrent network takes sequences (forwardSequences / step)");
    }

    private void requireRecurrent() {
        check(spec.recurrent(), "a feed-forward network takes rows (forward / predict)");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static FloatBuffer floatView(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalStateException("float views need a FLOAT network, this one is " + array.dataType());
        }
        FloatBuffer all = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        int offset = (int) array.offset();
        return all.position(offset).limit(offset + (int) array.length()).slice();
    }
}

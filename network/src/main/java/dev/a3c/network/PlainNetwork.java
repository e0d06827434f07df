package dev.a3c.network;

import dev.a3c.config.NetworkSpec;
import dev.a3c.learning.ActionHead;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A feed-forward {@link ActorCriticNetwork} computed in plain Java over a copy of its parameters: the forward pass
 * for acting, and the gradient of a rollout from the activations kept while acting.
 *
 * <p>A DL4J call costs a fixed overhead of native calls whatever the batch, and a training step recomputes the
 * forward pass that acting already made with the same weights. This class does neither: {@link #forward} can
 * record each row's activations in a {@link Trace}, and {@link #backward} turns a trace and the loss gradient into
 * the gradient, written in DL4J's flat layout (weights and biases are read from and written to the offsets and
 * strides of DL4J's own parameter views). DL4J stays the network of record (model files, the server, evaluation,
 * recurrent networks); tests check that both compute the same outputs and gradients.
 *
 * <p>Call {@link #refresh()} after the network's parameters change. Not thread-safe.
 */
public final class PlainNetwork implements PolicyInference {

    /** The module of the JDK's Vector API, which the SIMD kernels need in the JVM's boot layer. */
    public static final String VECTOR_MODULE = Gemm.VECTOR_MODULE;

    private final ActorCriticNetwork network;
    private final ActionHead head;
    private final PlainTorso policyTower;
    /** The critic's own torso, or null when the value head reads the shared features. */
    private final PlainTorso valueTower;
    private final DenseKernel policyHead;
    /** A state-dependent log standard deviation layer, or null. */
    private final DenseKernel logStdHead;
    private final DenseKernel valueHead;
    /** Offset of a state-independent Gaussian head's log standard deviations in the flat parameters, or -1. */
    private final int logStdOffset;
    private final float[] logStd;
    private final float[] logStdGradient;
    /** Every part with parameters: the torsos and the dense heads. */
    private final List<Parameterized> parts;
    private final float[] flat;
    private final Trace scratch;

    public PlainNetwork(ActorCriticNetwork network) {
        NetworkSpec spec = network.spec();
        if (!supports(spec)) {
            throw new IllegalArgumentException("plain-Java networks are feed-forward, not " + spec.describe());
        }
        this.network = network;
        this.head = spec.head();
        this.policyTower = new PlainTorso(network, "");
        this.valueTower = spec.separateCritic() ? new PlainTorso(network, ActorCriticGraph.VALUE_TOWER) : null;
        this.policyHead = new DenseKernel(network, ActorCriticGraph.POLICY, null);
        this.logStdHead = head.stateDependentStd() ? new DenseKernel(network, ActorCriticGraph.LOG_STD, null) : null;
        this.valueHead = new DenseKernel(network, ActorCriticGraph.VALUE, null);
        if (head.isGaussian() && !head.stateDependentStd()) {
            INDArray w = network.graph().getLayer(ActorCriticGraph.LOG_STD).getParam("W");
            this.logStdOffset = (int) (w.offset() - network.graph().params().offset());
            this.logStd = new float[head.size()];
            this.logStdGradient = new float[head.size()];
        } else {
            this.logStdOffset = -1;
            this.logStd = null;
            this.logStdGradient = null;
        }
        this.parts = Stream.of(policyTower, valueTower, policyHead, logStdHead, valueHead).filter(Objects::nonNull)
                .map(Parameterized.class::cast).toList();
        this.flat = new float[network.parameterCount()];
        this.scratch = new Trace(1);
        refresh();
    }

    /** Whether the JDK this JVM runs from has the Vector API, so that a JVM it starts can be given it. */
    public static boolean vectorApiInstalled() {
        return Gemm.vectorModuleInstalled();
    }

    /** What computes plain-Java networks in this JVM (SIMD or scalar loops), for the logs. */
    public static String describeKernels() {
        return "plain-Java network: " + Gemm.describe();
    }

    /** Whether this class can compute networks of {@code spec}: every feed-forward one. */
    public static boolean supports(NetworkSpec spec) {
        return !spec.recurrent();
    }

    public NetworkSpec spec() {
        return network.spec();
    }

    /** Copies the network's current parameters. */
    @Override
    public void refresh() {
        FloatBuffer view = network.parameters();
        view.get(flat, 0, flat.length);
        java.lang.ref.Reference.reachabilityFence(network);
        loadFlat();
    }

    /** Copies {@code parameters} into this network's own arrays; the DL4J network's are left as they were. */
    @Override
    public void load(FloatBuffer parameters) {
        if (parameters.limit() != flat.length) {
            throw new IllegalArgumentException("expected " + flat.length + " parameters, got " + parameters.limit());
        }
        parameters.get(0, flat, 0, flat.length);
        loadFlat();
    }

    private void loadFlat() {
        parts.forEach(part -> part.load(flat));
        if (logStd != null) {
            System.arraycopy(flat, logStdOffset, logStd, 0, logStd.length);
        }
    }

    @Override
    public void act(float[] observations, int rows, LstmState state, float[] policy, float[] values) {
        forward(observations, 0, rows, null, policy, 0, values, 0);
    }

    /** An empty trace with room for {@code rows} rows (it grows as needed). */
    public Trace newTrace(int rows) {
        return new Trace(rows);
    }

    /**
     * The policy outputs ({@link ActionHead#outputWidth()} per row) and values of {@code rows} observations, the
     * activations appended to {@code trace} unless it is null.
     *
     * @param observations row-major, in the environment's order, from {@code observationOffset}
     */
    public void forward(float[] observations, int observationOffset, int rows, Trace trace, float[] policy,
                        int policyOffset, float[] values, int valuesOffset) {
        int size = head.size();
        int width = head.outputWidth();
        int obsSize = policyTower.inputSize();
        Trace t = trace == null ? scratch.cleared() : trace;
        int first = t.append(rows);
        System.arraycopy(observations, observationOffset, t.policy[0], first * obsSize, rows * obsSize);
        policyTower.forward(t.policy, first, rows);
        float[] features = t.policy[t.policy.length - 1];
        int f = first * policyTower.outputSize();
        policyHead.forward(features, f, rows, t.means, first * size);
        for (int r = 0; r < rows; r++) {
            int out = policyOffset + r * width;
            int mean = (first + r) * size;
            if (head.isGaussian()) {
                for (int j = 0; j < size; j++) {
                    t.means[mean + j] = tanh(t.means[mean + j]);
                }
            }
            System.arraycopy(t.means, mean, policy, out, size);
            if (logStd != null) {
                System.arraycopy(logStd, 0, policy, out + size, size);
            }
        }
        if (logStdHead != null) {
            float[] logStds = t.scratchOutputs(rows * size);
            logStdHead.forward(features, f, rows, logStds, 0);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(logStds, r * size, policy, policyOffset + r * width + size, size);
            }
        }
        if (valueTower != null) {
            valueTower.forward(t.value, first, rows);
            features = t.value[t.value.length - 1];
            f = first * valueTower.outputSize();
        }
        valueHead.forward(features, f, rows, values, valuesOffset);
    }

    /**
     * The gradient of the loss whose gradient with respect to the outputs of the trace's rows is {@code policyGrad}
     * ({@link ActionHead#outputWidth()} per row) and {@code valueGrad}, into {@code gradient} in DL4J's flat layout
     * (every element is written).
     */
    public void backward(Trace trace, double[] policyGrad, double[] valueGrad, float[] gradient) {
        if (gradient.length != flat.length) {
            throw new IllegalArgumentException("the gradient has " + flat.length + " elements, not " + gradient.length);
        }
        int size = head.size();
        int width = head.outputWidth();
        parts.forEach(Parameterized::clearGradient);
        if (logStdGradient != null) {
            Arrays.fill(logStdGradient, 0f);
        }
        int rows = trace.rows;
        float[] features = trace.policy[trace.policy.length - 1];
        float[] featureDelta = new float[rows * policyTower.outputSize()];
        float[] headDelta = new float[rows * size];
        for (int row = 0; row < rows; row++) {
            for (int j = 0; j < size; j++) {
                float g = (float) policyGrad[row * width + j];
                if (head.isGaussian()) {
                    float mean = trace.means[row * size + j];
                    g *= 1 - mean * mean;
                }
                headDelta[row * size + j] = g;
            }
        }
        policyHead.accumulate(features, 0, rows, headDelta, 0);
        policyHead.inputGradient(headDelta, 0, rows, featureDelta, 0);
        if (head.isGaussian()) {
            for (int row = 0; row < rows; row++) {
                for (int j = 0; j < size; j++) {
                    headDelta[row * size + j] = (float) policyGrad[row * width + size + j];
                }
            }
            if (logStdHead != null) {
                logStdHead.accumulate(features, 0, rows, headDelta, 0);
                logStdHead.inputGradient(headDelta, 0, rows, featureDelta, 0);
            } else {
                Gemm.addColumnSums(headDelta, 0, rows, size, logStdGradient);
            }
        }
        float[] valueDelta = new float[rows];
        for (int row = 0; row < rows; row++) {
            valueDelta[row] = (float) valueGrad[row];
        }
        if (valueTower == null) {
            valueHead.accumulate(features, 0, rows, valueDelta, 0);
            valueHead.inputGradient(valueDelta, 0, rows, featureDelta, 0);
        } else {
            float[] valueFeatureDelta = new float[rows * valueTower.outputSize()];
            valueHead.accumulate(trace.value[trace.value.length - 1], 0, rows, valueDelta, 0);
            valueHead.inputGradient(valueDelta, 0, rows, valueFeatureDelta, 0);
            valueTower.backward(trace.value, rows, valueFeatureDelta);
        }
        policyTower.backward(trace.policy, rows, featureDelta);
        Arrays.fill(gradient, 0f);
        parts.forEach(part -> part.storeGradient(gradient));
        if (logStdGradient != null) {
            System.arraycopy(logStdGradient, 0, gradient, logStdOffset, size);
        }
    }

    static float tanh(float x) {
        // tanh(x) = 1 - 2 / (exp(2x) + 1): exp is an intrinsic, Math.tanh is not
        return 1f - 2f / ((float) Math.exp(2.0 * x) + 1f);
    }

    /**
     * The activations of rows run through {@link #forward}, in order: what {@link #backward} needs. Reuse one with
     * {@link #clear()}.
     */
    public final class Trace {
        private int rows;
        private int capacity;
        /** Per layer of the policy's (or shared) torso, its input then each layer's output: rows x size. */
        private float[][] policy;
        /** The same for the critic's own torso (its input array is the policy torso's), or null. */
        private float[][] value;
        /** The policy head's outputs: logits, or tanh-bounded means. */
        private float[] means;
        private float[] outputs = new float[0];

        private Trace(int capacity) {
            this.capacity = Math.max(1, capacity);
            this.policy = policyTower.allocate(this.capacity, null);
            this.value = valueTower == null ? null : valueTower.allocate(this.capacity, policy[0]);
            this.means = new float[this.capacity * head.size()];
        }

        /** The number of rows recorded. */
        public int rows() {
            return rows;
        }

        public void clear() {
            rows = 0;
        }

        private Trace cleared() {
            rows = 0;
            return this;
        }

        /** Room for {@code count} more rows; the index of the first. */
        private int append(int count) {
            if (rows + count > capacity) {
                capacity = Math.max(2 * capacity, rows + count);
                policy = grow(policy, policyTower.sizes, capacity);
                if (value != null) {
                    value = grow(value, valueTower.sizes, capacity);
                    value[0] = policy[0];
                }
                means = Arrays.copyOf(means, capacity * head.size());
            }
            int first = rows;
            rows += count;
            return first;
        }

        /** A scratch array of at least {@code length} values. */
        private float[] scratchOutputs(int length) {
            if (outputs.length < length) {
                outputs = new float[length];
            }
            return outputs;
        }

        private static float[][] grow(float[][] arrays, int[] sizes, int capacity) {
            float[][] grown = new float[arrays.length][];
            for (int l = 0; l < arrays.length; l++) {
                grown[l] = Arrays.copyOf(arrays[l], capacity * sizes[l]);
            }
            return grown;
        }
    }
}

package dev.a3c.network;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import java.nio.FloatBuffer;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference for acting, in plain Java over a copy of an {@link ActorCriticNetwork}'s parameters.
 *
 * <p>A DL4J forward pass costs a few hundred microseconds whatever the batch, because its cost is
 * per native call; a worker acts once per environment step, so it uses this instead (see
 * {@code WorkerStepBenchmark}). It serves feed-forward networks with an MLP torso (either head).
 * Weights and biases are read at the offsets and strides of DL4J's
 * own parameter views, so the layout always matches DL4J's. Call {@link #refresh()} after the
 * network's parameters change.
 */
public final class MlpInference implements PolicyInference {

    /** One dense layer: where its weights (nIn x nOut) and bias live in the flat parameter array. */
    private record Dense(int nIn, int nOut, int weightOffset, int inStride, int outStride, int biasOffset) {}

    private final ActorCriticNetwork network;
    private final boolean relu;
    private final Dense[] layers;      // torso, policy head, value head, a separate critic's torso, a state-dependent log std
    private final boolean stateStd;
    private final float[][] weights;   // per layer, row-major [nIn][nOut]: the inner loop is contiguous
    private final float[][] biases;
    private final float[] flat;
    private final float[] bufferA;
    private final float[] bufferB;
    private final int logStdOffset;     // offset of the Gaussian head's log standard deviations, or -1
    private final float[] logStd;

    public MlpInference(ActorCriticNetwork network) {
        this.network = network;
        NetworkSpec spec = network.spec();
        if (!supports(spec)) {
            throw new IllegalArgumentException("plain-Java inference serves feed-forward MLP networks, not " + spec.describe());
        }
        this.relu = spec.torso().activation().equals("relu");
        int hidden = spec.torso().hidden().size();
        this.stateStd = spec.head().stateDependentStd();
        this.layers = new Dense[hidden + 2 + (spec.separateCritic() ? hidden : 0) + (stateStd ? 1 : 0)];
        for (int i = 0; i < hidden; i++) {
            layers[i] = dense(network, ActorCriticGraph.HIDDEN + i);
            if (spec.separateCritic()) {
                layers[hidden + 2 + i] = dense(network, ActorCriticGraph.VALUE_TOWER + ActorCriticGraph.HIDDEN + i);
            }
        }
        layers[hidden] = dense(network, ActorCriticGraph.POLICY);
        layers[hidden + 1] = dense(network, ActorCriticGraph.VALUE);
        if (stateStd) {
            layers[layers.length - 1] = dense(network, ActorCriticGraph.LOG_STD);
        }
        this.weights = new float[layers.length][];
        this.biases = new float[layers.length][];
        int width = spec.observationSize();
        for (int l = 0; l < layers.length; l++) {
            weights[l] = new float[layers[l].nIn() * layers[l].nOut()];
            biases[l] = new float[layers[l].nOut()];
            width = Math.max(width, layers[l].nOut());
        }
        this.flat = new float[network.parameterCount()];
        this.bufferA = new float[width];
        this.bufferB = new float[width];
        if (spec.head().isGaussian() && !stateStd) {
            INDArray w = network.graph().getLayer(ActorCriticGraph.LOG_STD).getParam("W");
            this.logStdOffset = (int) (w.offset() - network.graph().params().offset());
            this.logStd = new float[spec.head().size()];
        } else {
            this.logStdOffset = -1;
            this.logStd = null;
        }
        refresh();
    }

    /** Whether this class can evaluate networks of {@code spec}. */
    public static boolean supports(NetworkSpec spec) {
        return spec.torso() instanceof Torso.Mlp && !spec.recurrent();
    }

    private static Dense dense(ActorCriticNetwork network, String name) {
        Layer layer = network.graph().getLayer(name);
        INDArray all = network.graph().params();
        INDArray w = layer.getParam("W");
        INDArray b = layer.getParam("b");
        long base = all.offset();
        long[] strides = w.stride();
        return new Dense((int) w.size(0), (int) w.size(1), (int) (w.offset() - base), (int) strides[0],
                (int) strides[1], (int) (b.offset() - base));
    }

    /** Copies the network's current parameters. */
    @Override
    public void refresh() {
        FloatBuffer view = network.parameters();
        view.get(flat, 0, flat.length);
        if (logStd != null) {
            System.arraycopy(flat, logStdOffset, logStd, 0, logStd.length);
        }
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            float[] w = weights[l];
            for (int i = 0; i < d.nIn(); i++) {
                for (int j = 0; j < d.nOut(); j++) {
                    w[i * d.nOut() + j] = flat[d.weightOffset() + i * d.inStride() + j * d.outStride()];
                }
            }
            System.arraycopy(flat, d.biasOffset(), biases[l], 0, d.nOut());
        }
    }

    @Override
    public void act(float[] observations, int rows, LstmState state, float[] policy, float[] values) {
        predict(observations, rows, policy, values);
    }

    /**
     * @param observations {@code rows * observationSize}, row-major
     * @param policy out: {@code rows * head.outputWidth()}
     * @param values out: {@code rows}
     */
    public void predict(float[] observations, int rows, float[] policy, float[] values) {
        int hidden = network.spec().torso().hidden().size();
        ActionHead head = network.spec().head();
        int width = head.outputWidth();
        boolean separate = network.spec().separateCritic();
        for (int r = 0; r < rows; r++) {
            float[] features = torso(observations, r, 0, hidden);
            affine(hidden, features, policy, r * width);
            if (head.isGaussian()) {
                int size = head.size();
                for (int j = 0; j < size; j++) {
                    policy[r * width + j] = (float) Math.tanh(policy[r * width + j]);
                }
                if (stateStd) {
                    affine(layers.length - 1, features, policy, r * width + size);
                } else {
                    System.arraycopy(logStd, 0, policy, r * width + size, size);
                }
            }
            if (separate) {
                features = torso(observations, r, hidden + 2, hidden);
            }
            affine(hidden + 1, features, values, r);
        }
    }

    /** Runs row {@code r} through the {@code count} torso layers from {@code first}; returns the buffer holding the features. */
    private float[] torso(float[] observations, int r, int first, int count) {
        int obsSize = network.spec().observationSize();
        float[] in = bufferA;
        float[] out = bufferB;
        System.arraycopy(observations, r * obsSize, in, 0, obsSize);
        for (int l = first; l < first + count; l++) {
            affine(l, in, out, 0);
            activate(out, layers[l].nOut());
            float[] t = in;
            in = out;
            out = t;
        }
        return in;
    }

    /** {@code out[offset + j] = b[j] + sum_i in[i] * W[i][j]}, accumulated row by row (vectorisable). */
    private void affine(int layer, float[] in, float[] out, int offset) {
        Dense d = layers[layer];
        float[] w = weights[layer];
        int nOut = d.nOut();
        System.arraycopy(biases[layer], 0, out, offset, nOut);
        for (int i = 0; i < d.nIn(); i++) {
            float x = in[i];
            int row = i * nOut;
            for (int j = 0; j < nOut; j++) {
                out[offset + j] += x * w[row + j];
            }
        }
    }

    private void activate(float[] values, int n) {
        if (relu) {
            for (int j = 0; j < n; j++) {
                values[j] = Math.max(0f, values[j]);
            }
        } else {
            for (int j = 0; j < n; j++) {
                // tanh(x) = 1 - 2 / (exp(2x) + 1): exp is an intrinsic, Math.tanh is not
                values[j] = 1f - 2f / ((float) Math.exp(2.0 * values[j]) + 1f);
            }
        }
    }
}

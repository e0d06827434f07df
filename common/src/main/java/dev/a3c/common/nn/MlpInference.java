package dev.a3c.common.nn;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference for acting, in plain Java over a copy of an {@link ActorCriticNetwork}'s parameters.
 *
 * <p>A DL4J forward pass costs a few hundred microseconds whatever the batch, because its cost is
 * per native call; a worker acts once per environment step, so it uses this instead (tens of
 * microseconds for a batch of 64). Weights and biases are read at the offsets DL4J gives each
 * layer's parameter views, so the layout always matches DL4J's. Call {@link #refresh()} after the
 * network's parameters change.
 */
public final class MlpInference {

    /** One dense layer: where its weights (nIn x nOut) and bias live in the flat parameter array. */
    private record Dense(int nIn, int nOut, int weightOffset, int weightInStride, int weightOutStride, int biasOffset) {}

    private final ActorCriticNetwork network;
    private final boolean relu;
    private final Dense[] hidden;
    private final Dense policy;
    private final Dense value;
    private final float[] params;
    private final int maxWidth;
    private float[] bufferA = new float[0];
    private float[] bufferB = new float[0];

    public MlpInference(ActorCriticNetwork network) {
        this.network = network;
        NetworkSpec spec = network.spec();
        this.relu = spec.activation().equals("relu");
        this.hidden = new Dense[spec.hiddenLayers().size()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = dense(network, "hidden" + i);
        }
        this.policy = dense(network, ActorCriticNetwork.POLICY);
        this.value = dense(network, ActorCriticNetwork.VALUE);
        this.params = new float[network.parameterCount()];
        int width = spec.observationSize();
        for (int h : spec.hiddenLayers()) {
            width = Math.max(width, h);
        }
        this.maxWidth = width;
        refresh();
    }

    private static Dense dense(ActorCriticNetwork network, String name) {
        Layer layer = network.graph().getLayer(name);
        INDArray flat = network.graph().params();
        INDArray w = layer.getParam("W");
        INDArray b = layer.getParam("b");
        long base = flat.offset();
        long[] strides = w.stride();
        return new Dense((int) w.size(0), (int) w.size(1), (int) (w.offset() - base), (int) strides[0], (int) strides[1],
                (int) (b.offset() - base));
    }

    /** Copies the network's current parameters. */
    public void refresh() {
        FloatBuffer view = network.parameters();
        view.get(params, 0, params.length);
    }

    /**
     * @param observations {@code rows * observationSize}, row-major
     * @param logits out: {@code rows * actionCount}
     * @param values out: {@code rows}
     */
    public void predict(float[] observations, int rows, float[] logits, float[] values) {
        if (bufferA.length < maxWidth) {
            bufferA = new float[maxWidth];
            bufferB = new float[maxWidth];
        }
        int obsSize = network.spec().observationSize();
        for (int r = 0; r < rows; r++) {
            float[] in = bufferA;
            float[] out = bufferB;
            System.arraycopy(observations, r * obsSize, in, 0, obsSize);
            for (Dense layer : hidden) {
                apply(layer, in, out, 0, true);
                float[] t = in;
                in = out;
                out = t;
            }
            applyInto(policy, in, logits, r * policy.nOut());
            applyInto(value, in, values, r);
        }
    }

    private void apply(Dense layer, float[] in, float[] out, int outOffset, boolean activate) {
        for (int j = 0; j < layer.nOut(); j++) {
            float sum = params[layer.biasOffset() + j];
            int w = layer.weightOffset() + j * layer.weightOutStride();
            for (int i = 0; i < layer.nIn(); i++) {
                sum += in[i] * params[w + i * layer.weightInStride()];
            }
            if (activate) {
                sum = relu ? Math.max(0f, sum) : (float) Math.tanh(sum);
            }
            out[outOffset + j] = sum;
        }
    }

    private void applyInto(Dense layer, float[] in, float[] out, int offset) {
        apply(layer, in, out, offset, false);
    }
}

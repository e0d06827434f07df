package dev.a3c.common.nn;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * An actor-critic network on DeepLearning4J: MLP torso, a linear policy head ({@code policy}, the
 * logits) and a linear value head ({@code value}). The loss gradient is supplied from outside
 * ({@link #backward}), so the heads are plain dense layers.
 *
 * <p>Parameters and gradients are single flat c-order arrays; {@link #parameters()} and
 * {@link #gradient()} expose them as {@link FloatBuffer} views for copying in and out without
 * creating arrays. Not thread-safe: one thread uses a network at a time.
 */
public final class ActorCriticNetwork {

    static final String INPUT = "obs";
    static final String POLICY = "policy";
    static final String VALUE = "value";

    private final NetworkSpec spec;
    private final ComputationGraph graph;

    private ActorCriticNetwork(NetworkSpec spec, ComputationGraph graph) {
        this.spec = spec;
        this.graph = graph;
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
        Activation activation = spec.activation().equals("relu") ? Activation.RELU : Activation.TANH;
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.feedForward(spec.observationSize()));
        String previous = INPUT;
        int in = spec.observationSize();
        for (int i = 0; i < spec.hiddenLayers().size(); i++) {
            int out = spec.hiddenLayers().get(i);
            String name = "hidden" + i;
            builder.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(out).activation(activation).build(), previous);
            previous = name;
            in = out;
        }
        builder.addLayer(POLICY, new DenseLayer.Builder().nIn(in).nOut(spec.actionCount())
                .activation(Activation.IDENTITY).weightInit(new NormalDistribution(0, 0.01)).build(), previous);
        builder.addLayer(VALUE, new DenseLayer.Builder().nIn(in).nOut(1)
                .activation(Activation.IDENTITY).build(), previous);
        builder.setOutputs(POLICY, VALUE);
        builder.validateOutputLayerConfig(false);
        ComputationGraph graph = new ComputationGraph(builder.build());
        graph.init();
        return wrap(spec, graph);
    }

    /** Wraps an existing graph (for example one restored from a checkpoint) after checking its shape. */
    public static ActorCriticNetwork wrap(NetworkSpec spec, ComputationGraph graph) {
        if (graph.numParams() != spec.parameterCount()) {
            throw new IllegalArgumentException("graph has " + graph.numParams() + " parameters, spec expects "
                    + spec.parameterCount());
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

    /** A live view of the flat float32 parameters: writes change the network. */
    public FloatBuffer parameters() {
        return floatView(graph.params());
    }

    /** A live view of the flat float32 gradient written by {@link #backward}. */
    public FloatBuffer gradient() {
        return floatView(graph.getGradientsViewArray());
    }

    /**
     * Inference for {@code rows} observations.
     *
     * @param observations {@code rows * observationSize} values, row-major
     * @param logits out: {@code rows * actionCount}
     * @param values out: {@code rows}
     */
    public void predict(float[] observations, int rows, float[] logits, float[] values) {
        INDArray input = input(observations, rows);
        INDArray[] out = graph.output(false, input);
        copy(out[0], logits);
        copy(out[1], values);
    }

    /**
     * The forward pass of a training step: keeps what {@link #backward} needs and returns the
     * heads' outputs.
     */
    public void forward(float[] observations, int rows, double[] logits, double[] values) {
        Map<String, INDArray> activations = graph.feedForward(new INDArray[] {input(observations, rows)}, true, false);
        copy(activations.get(POLICY), logits);
        copy(activations.get(VALUE), values);
    }

    /** {@link #forward(float[], int, double[], double[])} for double-precision inputs (gradient checks). */
    public void forward(double[] observations, int rows, double[] logits, double[] values) {
        INDArray input = Nd4j.create(observations, new long[] {rows, spec.observationSize()}, 'c')
                .castTo(graph.params().dataType());
        Map<String, INDArray> activations = graph.feedForward(new INDArray[] {input}, true, false);
        copy(activations.get(POLICY), logits);
        copy(activations.get(VALUE), values);
    }

    /**
     * Back-propagates the loss gradient with respect to the two heads (from the last
     * {@link #forward}) into {@link #gradient()}.
     */
    public void backward(double[] logitGrad, double[] valueGrad, int rows) {
        graph.backpropGradient(matrix(logitGrad, rows, spec.actionCount()), matrix(valueGrad, rows, 1));
    }

    /** A {@code rows x columns} array of the network's data type holding the first values of {@code data}. */
    private INDArray matrix(double[] data, int rows, int columns) {
        long[] shape = {rows, columns};
        if (graph.params().dataType() == DataType.DOUBLE) {
            return Nd4j.create(java.util.Arrays.copyOf(data, rows * columns), shape, 'c');
        }
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) data[i];
        }
        return Nd4j.create(values, shape, 'c');
    }

    private INDArray input(float[] observations, int rows) {
        int length = rows * spec.observationSize();
        if (observations.length < length) {
            throw new IllegalArgumentException("need " + length + " observation values, got " + observations.length);
        }
        float[] data = observations.length == length ? observations : java.util.Arrays.copyOf(observations, length);
        INDArray input = Nd4j.create(data, new long[] {rows, spec.observationSize()}, 'c');
        DataType type = graph.params().dataType();
        return input.dataType() == type ? input : input.castTo(type);
    }

    private static void copy(INDArray array, float[] out) {
        long n = array.length();
        if (out.length < n) {
            throw new IllegalArgumentException("output array too small: " + out.length + " < " + n);
        }
        INDArray c = array.ordering() == 'c' && !array.isView() && array.dataType() == DataType.FLOAT
                ? array : array.castTo(DataType.FLOAT).dup('c');
        FloatBuffer source = floatView(c);
        source.get(out, 0, (int) n);
    }

    private static void copy(INDArray array, double[] out) {
        long n = array.length();
        if (out.length < n) {
            throw new IllegalArgumentException("output array too small: " + out.length + " < " + n);
        }
        if (array.dataType() == DataType.FLOAT && array.ordering() == 'c' && !array.isView()) {
            FloatBuffer values = floatView(array);
            for (int i = 0; i < n; i++) {
                out[i] = values.get(i);
            }
            return;
        }
        double[] values = array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        System.arraycopy(values, 0, out, 0, values.length);
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

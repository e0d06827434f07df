package dev.a3c.network;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The DL4J graph of a {@link NetworkSpec}: its layers' names and its configuration. The torso (dense layers, after a
 * convolution for image observations), an optional LSTM core, and the heads: the policy's logits or Gaussian means,
 * the Gaussian's log standard deviations (parameters, or a layer on the features), and the value, on the shared
 * features or on a torso of its own.
 */
final class ActorCriticGraph {

    static final String INPUT = "obs";
    static final String ONE = "one";
    static final String CONV = "conv";
    static final String HIDDEN = "hidden";
    /** Prefix of the value head's own torso layers ({@link NetworkSpec#separateCritic()}). */
    static final String VALUE_TOWER = "value_";
    static final String LSTM_CORE = "lstm";
    static final String POLICY = "policy";
    static final String LOG_STD = "log_std";
    static final String VALUE = "value";
    /** Upper bound on a sequence's length: the recurrent backward pass covers whole sequences. */
    static final int MAX_SEQUENCE = 10_001;

    private ActorCriticGraph() {}

    static ComputationGraphConfiguration configuration(NetworkSpec spec, long seed, DataType dataType,
                                                               IUpdater updater) {
        NativeKernels.enableLayerHelpers();
        Torso torso = spec.torso();
        boolean recurrent = spec.recurrent();
        Activation activation = torso.activation().equals("relu") ? Activation.RELU : Activation.TANH;
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder();
        if (recurrent) {
            // the stored-state passes keep layer inputs between calls: no workspace may recycle them
            base.trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE);
        }
        ComputationGraphConfiguration.GraphBuilder builder = base
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(INPUT);
        InputType obsType;
        if (torso instanceof Torso.Conv) {
            obsType = recurrent ? InputType.recurrent(spec.observationSize()) : InputType.convolutionalFlat(
                    spec.observationShape().get(0), spec.observationShape().get(1), spec.observationShape().get(2));
        } else {
            obsType = recurrent ? InputType.recurrent(spec.observationSize()) : InputType.feedForward(spec.observationSize());
        }
        String previous = addTorso(builder, spec, activation, "");
        int in = torso.outputSize();
        if (recurrent) {
            builder.addLayer(LSTM_CORE, new LSTM.Builder().nIn(in).nOut(spec.lstmSize())
                    .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build(), previous);
            previous = LSTM_CORE;
            in = spec.lstmSize();
        }
        // the value head reads the shared features, or the last layer of its own torso
        String valuePrevious = spec.separateCritic() ? addTorso(builder, spec, activation, VALUE_TOWER) : previous;
        ActionHead head = spec.head();
        // Gaussian means are tanh-bounded to the unit box that continuous actions are expressed in
        builder.addLayer(POLICY, perStep(recurrent, new DenseLayer.Builder().nIn(in).nOut(head.size())
                .activation(head.isGaussian() ? Activation.TANH : Activation.IDENTITY)
                .weightInit(new NormalDistribution(0, 0.01)).build()), previous);
        if (head.stateDependentStd()) {
            // log_std = W h + b on the policy's features, starting almost constant (b is set after init)
            builder.addLayer(LOG_STD, perStep(recurrent, new DenseLayer.Builder().nIn(in).nOut(head.size())
                    .activation(Activation.IDENTITY).weightInit(new NormalDistribution(0, 0.01)).build()), previous);
        } else if (head.isGaussian()) {
            builder.addInputs(ONE);
            builder.addLayer(LOG_STD, perStep(recurrent, new DenseLayer.Builder().nIn(1).nOut(head.size())
                    .hasBias(false).activation(Activation.IDENTITY).build()), ONE);
        }
        builder.addLayer(VALUE, perStep(recurrent, new DenseLayer.Builder().nIn(spec.featureSize())
                .nOut(1).activation(Activation.IDENTITY).build()), valuePrevious);
        if (head.isGaussian()) {
            builder.setOutputs(POLICY, LOG_STD, VALUE);
            if (head.stateDependentStd()) {
                builder.setInputTypes(obsType);
            } else {
                builder.setInputTypes(obsType, recurrent ? InputType.recurrent(1) : InputType.feedForward(1));
            }
        } else {
            builder.setOutputs(POLICY, VALUE);
            builder.setInputTypes(obsType);
        }
        if (recurrent) {
            // sequences are whole rollouts: the truncated-BPTT backward pass must reach their first step
            builder.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(MAX_SEQUENCE).tBPTTBackwardLength(MAX_SEQUENCE);
        }
        builder.validateOutputLayerConfig(false);
        return builder.build();
    }

    /**
     * Adds the torso's layers, their names prefixed by {@code prefix} (empty for the policy's or the
     * shared torso), and returns the name of the last one.
     */
    private static String addTorso(ComputationGraphConfiguration.GraphBuilder builder, NetworkSpec spec,
                                   Activation activation, String prefix) {
        Torso torso = spec.torso();
        boolean recurrent = spec.recurrent();
        String previous = INPUT;
        int in;
        if (torso instanceof Torso.Conv conv) {
            List<Integer> shape = spec.observationShape();
            int channels = shape.get(2);
            for (int c = 0; c < conv.layers().size(); c++) {
                Torso.Conv.Layer l = conv.layers().get(c);
                // the first keeps the name it had before torsos had several convolutions
                String name = prefix + CONV + (c == 0 ? "" : Integer.toString(c));
                ConvolutionLayer layer = new ConvolutionLayer.Builder(l.kernel(), l.kernel())
                        .stride(l.stride(), l.stride())
                        .nIn(channels).nOut(l.filters()).activation(activation).build();
                if (recurrent && c == 0) {
                    builder.addLayer(name, layer, new RnnToCnnPreProcessor(shape.get(0), shape.get(1), channels), previous);
                } else {
                    builder.addLayer(name, layer, previous);
                }
                previous = name;
                channels = l.filters();
            }
            int[] grid = conv.outputGrid(shape);
            in = grid[0] * grid[1] * channels;
        } else {
            in = spec.observationSize();
        }
        for (int i = 0; i < torso.hidden().size(); i++) {
            int out = torso.hidden().get(i);
            String name = prefix + HIDDEN + i;
            Layer dense = perStep(recurrent, new DenseLayer.Builder().nIn(in).nOut(out).activation(activation).build());
            if (recurrent && i == 0 && torso instanceof Torso.Conv conv) {
                int[] grid = conv.outputGrid(spec.observationShape());
                builder.addLayer(name, dense, new CnnToRnnPreProcessor(grid[0], grid[1], conv.outputChannels()), previous);
            } else {
                builder.addLayer(name, dense, previous);
            }
            previous = name;
            in = out;
        }
        return previous;
    }

    /** A head applied at every step of a sequence (output [sequences, size, steps]) or to a batch of rows. */
    private static Layer perStep(boolean recurrent, Layer dense) {
        return recurrent ? new TimeDistributed(dense) : dense;
    }
}

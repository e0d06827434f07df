package dev.a3c.network;

import java.util.Map;
import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link ComputationGraph} whose backward pass starts its recurrent layers from the state set with
 * {@link #rnnSetPreviousState}, as the forward pass {@link #rnnActivateUsingStoredState} does.
 *
 * <p>DL4J's public {@code backpropGradient} recomputes an LSTM's forward pass from a zero state;
 * only its truncated-BPTT path uses the stored one, and that path is reachable from a subclass.
 * The state itself is treated as a constant (no gradient flows into it).
 */
final class RecurrentGraph extends ComputationGraph {

    RecurrentGraph(ComputationGraphConfiguration configuration) {
        super(configuration);
    }

    /**
     * The training forward pass from the stored state, keeping every layer's input for
     * {@link #backpropFromStoredState} (DL4J's public {@code rnnActivateUsingStoredState} clears them).
     */
    Map<String, INDArray> forwardFromStoredState(INDArray[] inputs) {
        setInputs(inputs);
        return ffToLayerActivationsDetached(true, FwdPassType.RNN_ACTIVATE_WITH_STORED_STATE, false,
                getVertices().length - 1, null, inputs, getInputMaskArrays(), getLabelMaskArrays(), false);
    }

    /** Back-propagates the outputs' gradients from the last forward pass, starting from the stored state. */
    void backpropFromStoredState(INDArray... epsilons) {
        calcBackpropGradients(true, true, epsilons);
    }
}

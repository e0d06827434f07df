package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionDistribution;
import dev.a3c.learning.ActionHead;
import dev.a3c.learning.ActorCriticLoss;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Finite-difference checks of the whole actor-critic loss through the DL4J network, in double
 * precision: the analytic gradient (our loss gradient at the heads, back-propagated by DL4J) must
 * match central differences of the loss for every parameter, for every torso, core and head.
 */
class ActorCriticNetworkGradientCheckTest {

    private static final int ROWS = 6;

    @Test
    void mlpWithSoftmaxHead() {
        for (String activation : List.of("tanh", "relu")) {
            check(NetworkSpec.mlp(4, 3, List.of(8, 5), activation));
        }
    }

    @Test
    void mlpWithGaussianHead() {
        check(new NetworkSpec(List.of(3), new Torso.Mlp(List.of(6, 5), "tanh"), 0, ActionHead.gaussian(2)));
    }

    @Test
    void stateDependentStandardDeviations() {
        check(new NetworkSpec(List.of(3), new Torso.Mlp(List.of(6, 5), "tanh"), 0, ActionHead.stateDependentGaussian(2)));
        check(new NetworkSpec(List.of(3), new Torso.Mlp(List.of(5), "tanh"), 0, ActionHead.stateDependentGaussian(2), true));
        checkRecurrent(new NetworkSpec(List.of(3), new Torso.Mlp(List.of(5), "tanh"), 4, ActionHead.stateDependentGaussian(2)));
    }

    @Test
    void separateCriticTorsos() {
        check(new NetworkSpec(List.of(3), new Torso.Mlp(List.of(6, 5), "tanh"), 0, ActionHead.gaussian(2), true));
        check(new NetworkSpec(List.of(4), new Torso.Mlp(List.of(5), "relu"), 0, ActionHead.categorical(3), true));
        check(new NetworkSpec(List.of(5, 4, 2), new Torso.Conv(2, 3, 1, List.of(4), "tanh"), 0, ActionHead.categorical(3), true));
    }

    @Test
    void convolutionalTorso() {
        check(new NetworkSpec(List.of(5, 4, 2), new Torso.Conv(3, 3, 1, List.of(6), "tanh"), 0, ActionHead.categorical(3)));
    }

    @Test
    void twoConvolutionsTheSecondStrided() {
        Torso.Conv two = new Torso.Conv(List.of(new Torso.Conv.Layer(3, 3, 1), new Torso.Conv.Layer(4, 2, 2)),
                List.of(5), "tanh");
        check(new NetworkSpec(List.of(7, 6, 2), two, 0, ActionHead.categorical(3)));
        checkRecurrent(new NetworkSpec(List.of(7, 6, 2), two, 3, ActionHead.categorical(2)));
    }

    @Test
    void lstmCoreWithSoftmaxHeadFromACarriedState() {
        checkRecurrent(new NetworkSpec(List.of(3), new Torso.Mlp(List.of(5), "tanh"), 4, ActionHead.categorical(3)));
    }

    @Test
    void lstmCoreWithGaussianHeadFromACarriedState() {
        checkRecurrent(new NetworkSpec(List.of(3), new Torso.Mlp(List.of(5), "tanh"), 4, ActionHead.gaussian(2)));
    }

    @Test
    void convolutionalTorsoWithLstmCore() {
        checkRecurrent(new NetworkSpec(List.of(4, 4, 2), new Torso.Conv(2, 3, 1, List.of(5), "tanh"), 3,
                ActionHead.categorical(2)));
    }

    /** Loss of a batch: a function of the parameters only. */
    private interface Batch {
        double loss(ActorCriticNetwork net, boolean withGradient);
    }

    private static void check(NetworkSpec spec) {
        SplittableRandom random = new SplittableRandom(5);
        double[] obs = uniform(random, ROWS * spec.observationSize(), 1.5);
        Targets targets = Targets.random(spec, ROWS, random);
        int[] rows = {0, 1, 2, 3, 4, 5};
        verify(spec, (net, withGradient) -> {
            double[] policy = new double[ROWS * spec.head().outputWidth()];
            double[] values = new double[ROWS];
            ActorCriticNetwork.ForwardPass pass = net.forward(obs, ROWS, policy, values);
            return targets.loss(net, pass, policy, values, rows, withGradient);
        });
    }

    /**
     * Three sequences of four steps from a random (carried) LSTM state; the loss reads only some
     * rows, as a worker's loss skips bootstrap steps and padding.
     */
    private static void checkRecurrent(NetworkSpec spec) {
        int sequences = 3;
        int steps = 4;
        SplittableRandom random = new SplittableRandom(6);
        double[] obs = uniform(random, sequences * steps * spec.observationSize(), 1.5);
        LstmState initial = new LstmState(sequences, spec.lstmSize(),
                floats(uniform(random, sequences * spec.lstmSize(), 0.8)),
                floats(uniform(random, sequences * spec.lstmSize(), 0.8)));
        int[] rows = {0, 1, 2, 4, 5, 8, 9, 10, 11};
        Targets targets = Targets.random(spec, rows.length, random);
        verify(spec, (net, withGradient) -> {
            double[] policy = new double[sequences * steps * spec.head().outputWidth()];
            double[] values = new double[sequences * steps];
            ActorCriticNetwork.ForwardPass pass = net.forwardSequences(obs, sequences, steps, initial, policy, values);
            return targets.loss(net, pass, policy, values, rows, withGradient);
        });
    }

    private static void verify(NetworkSpec spec, Batch batch) {
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 11, DataType.DOUBLE, new NoOp());
        INDArray params = net.graph().params();
        SplittableRandom random = new SplittableRandom(3);
        if (spec.head().isGaussian()) {
            INDArray logStd = net.graph().getLayer(ActorCriticGraph.LOG_STD).getParam("W");
            for (int j = 0; j < logStd.length(); j++) {
                logStd.putScalar(j, random.nextDouble(-0.5, 0.5));
            }
        }
        batch.loss(net, true);
        double[] analytic = net.graph().getGradientsViewArray().dup().data().asDouble();
        assertEquals(spec.parameterCount(), analytic.length);
        double h = 1e-6;
        double maxRelativeError = 0;
        int nonZero = 0;
        for (int i = 0; i < analytic.length; i++) {
            double saved = params.getDouble(i);
            params.putScalar(i, saved + h);
            double plus = batch.loss(net, false);
            params.putScalar(i, saved - h);
            double minus = batch.loss(net, false);
            params.putScalar(i, saved);
            double numeric = (plus - minus) / (2 * h);
            double error = Math.abs(numeric - analytic[i]) / Math.max(1e-8, Math.abs(numeric) + Math.abs(analytic[i]));
            if (Math.abs(numeric) > 1e-9) {
                nonZero++;
                maxRelativeError = Math.max(maxRelativeError, error);
            }
            assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric), spec.describe() + ": parameter " + i);
        }
        assertTrue(nonZero > analytic.length / 2, "most parameters must matter: " + nonZero + " of " + analytic.length);
        assertTrue(maxRelativeError < 1e-5, "max relative error " + maxRelativeError);
    }

    /** Random actions, returns and advantages for {@code n} transitions. */
    private record Targets(ActorCriticLoss loss, float[] actions, double[] returns, double[] advantages) {
        static Targets random(NetworkSpec spec, int n, SplittableRandom random) {
            ActionDistribution distribution = ActionDistribution.of(spec.head());
            float[] actions = new float[n * distribution.actionWidth()];
            for (int i = 0; i < actions.length; i++) {
                actions[i] = spec.head().isGaussian() ? (float) random.nextDouble(-1.5, 1.5) : random.nextInt(spec.head().size());
            }
            return new Targets(new ActorCriticLoss(distribution, 0.5, 0.1), actions, uniform(random, n, 2),
                    uniform(random, n, 2));
        }

        double loss(ActorCriticNetwork net, ActorCriticNetwork.ForwardPass pass, double[] policy, double[] values, int[] rows, boolean withGradient) {
            double[] policyGrad = new double[policy.length];
            double[] valueGrad = new double[values.length];
            double total = loss.evaluate(policy, values, actions, returns, advantages, rows, policyGrad, valueGrad).total();
            if (withGradient) {
                net.backward(pass, policyGrad, valueGrad);
            }
            return total;
        }
    }

    private static double[] uniform(SplittableRandom random, int n, double bound) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble(-bound, bound);
        }
        return values;
    }

    private static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}

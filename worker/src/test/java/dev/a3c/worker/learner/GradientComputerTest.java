package dev.a3c.worker.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.AlgorithmConfig;
import dev.a3c.config.WirePrecision;
import dev.a3c.config.NetworkSpec;
import dev.a3c.learning.ActorCriticLoss;
import dev.a3c.learning.Categorical;
import dev.a3c.learning.GradientClipping;
import dev.a3c.learning.NStepReturns;
import dev.a3c.network.ActorCriticNetwork;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GradientComputer} against an independent computation on a second network built from the
 * same spec and seed: values of the bootstrap and final observations from a separate pass, n-step
 * returns, the loss gradient over the rollout rows only, back-propagation (DL4J's), clipping. Each
 * test runs for both ways of computing: plain Java from the trace of acting, and DL4J.
 */
class GradientComputerTest {

    /** The update rule with these coefficients (one environment, t_max 5, n-step returns). */
    static AlgorithmConfig algorithm(double gamma, double valueCoef, double entropyCoef, double maxGradNorm) {
        return new AlgorithmConfig(1, 5, gamma, 1.0, entropyCoef, false, valueCoef, maxGradNorm, false, 0,
                AlgorithmConfig.StalePushes.REJECT, WirePrecision.FLOAT32);
    }


    private static final NetworkSpec SPEC = NetworkSpec.mlp(4, 2, List.of(16, 8), "tanh");
    private static final long NET_SEED = 17;
    private static final double GAMMA = 0.9;
    private static final double VALUE_COEF = 0.5;
    private static final double ENTROPY_COEF = 0.02;

    /** A rollout of random observations and actions, with terminations and truncations at the given indices. */
    private static Rollout rollout(int steps, int envs, long seed, int[] terminatedAt, int[] truncatedAt) {
        SplittableRandom random = new SplittableRandom(seed);
        Rollout r = new Rollout(steps, envs, SPEC.observationSize(), 1);
        for (int i = 0; i < r.observations.length; i++) {
            r.observations[i] = (float) random.nextDouble(-1.5, 1.5);
        }
        for (int i = 0; i < r.transitions(); i++) {
            r.actions[i] = random.nextInt(2);
            r.rewards[i] = random.nextDouble(-1, 2);
        }
        for (int i : terminatedAt) {
            r.terminated[i] = true;
        }
        for (int i : truncatedAt) {
            r.truncated[i] = true;
            r.truncatedIndices.add(i);
            float[] last = new float[SPEC.observationSize()];
            for (int j = 0; j < last.length; j++) {
                last[j] = (float) random.nextDouble(-2, 2);
            }
            r.truncatedObservations.add(last);
        }
        for (int i = 0; i < r.bootstrapObservations.length; i++) {
            r.bootstrapObservations[i] = (float) random.nextDouble(-1.5, 1.5);
        }
        return r;
    }

    /** V(s) for a batch of observations, from a forward pass of {@code net}. */
    private static double[] values(ActorCriticNetwork net, float[] observations, int rows) {
        double[] logits = new double[rows * SPEC.head().outputWidth()];
        double[] values = new double[rows];
        net.forward(observations, rows, logits, values);
        return values;
    }

    private record Reference(float[] gradient, double normBeforeClipping, ActorCriticLoss.Terms terms) {}

    /**
     * The gradient computed step by step on {@code net}, for the given returns function of (values of
     * the bootstrap observations, values of the truncated episodes' final observations).
     */
    private static Reference reference(ActorCriticNetwork net, Rollout r, double maxGradNorm, ReturnsFunction returnsOf) {
        return reference(net, r, maxGradNorm, returnsOf, false);
    }

    private static Reference reference(ActorCriticNetwork net, Rollout r, double maxGradNorm, ReturnsFunction returnsOf,
                                       boolean normalizeAdvantages) {
        return reference(net, r, maxGradNorm, returnsOf, normalizeAdvantages, ENTROPY_COEF);
    }

    private static Reference reference(ActorCriticNetwork net, Rollout r, double maxGradNorm, ReturnsFunction returnsOf,
                                       boolean normalizeAdvantages, double entropyCoef) {
        int n = r.transitions();
        int k = r.envs;
        double[] bootstrap = values(net, r.bootstrapObservations, k);
        double[] finalValues = new double[r.truncatedIndices.size()];
        for (int m = 0; m < finalValues.length; m++) {
            finalValues[m] = values(net, r.truncatedObservations.get(m), 1)[0];
        }
        double[] returns = returnsOf.returns(r, bootstrap, finalValues);

        double[] logits = new double[n * SPEC.head().outputWidth()];
        double[] values = new double[n];
        ActorCriticNetwork.ForwardPass pass = net.forward(r.observations, n, logits, values);
        double[] advantages = new double[n];
        for (int i = 0; i < n; i++) {
            advantages[i] = returns[i] - values[i];
        }
        if (normalizeAdvantages) {
            double mean = Arrays.stream(advantages).sum() / n;
            double sumOfSquares = 0;
            for (double a : advantages) {
                sumOfSquares += (a - mean) * (a - mean);
            }
            double std = Math.sqrt(sumOfSquares / n);
            for (int i = 0; i < n; i++) {
                advantages[i] = (advantages[i] - mean) / (std + 1e-8);
            }
        }
        double[] logitGrad = new double[n * SPEC.head().outputWidth()];
        double[] valueGrad = new double[n];
        ActorCriticLoss.Terms terms = new ActorCriticLoss(new Categorical(2), VALUE_COEF, entropyCoef)
                .evaluate(logits, values, r.actions, returns, advantages, n, logitGrad, valueGrad);
        net.backward(pass, logitGrad, valueGrad);
        double norm = GradientClipping.clipGlobalNorm(net.gradient(), maxGradNorm);
        return new Reference(toArray(net.gradient()), norm, terms);
    }

    @FunctionalInterface
    private interface ReturnsFunction {
        double[] returns(Rollout r, double[] bootstrapValues, double[] finalValues);
    }

    /** Returns via {@link NStepReturns}, with the truncation values placed at their indices. */
    private static double[] nStepReturns(Rollout r, double[] bootstrapValues, double[] finalValues) {
        double[] truncationValues = new double[r.transitions()];
        for (int m = 0; m < finalValues.length; m++) {
            truncationValues[r.truncatedIndices.get(m)] = finalValues[m];
        }
        return NStepReturns.compute(r.rewards, r.terminated, r.truncated, truncationValues, bootstrapValues, GAMMA);
    }

    private static float[] toArray(FloatBuffer buffer) {
        float[] out = new float[buffer.limit()];
        buffer.get(0, out);
        return out;
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static void assertGradientsMatch(float[] expected, float[] actual) {
        double scale = Math.max(1e-6, maxAbs(expected));
        double diff = maxAbsDifference(expected, actual);
        assertTrue(diff <= 1e-5 * scale + 1e-7,
                "gradients differ by " + diff + " (largest component " + scale + ")");
    }

    private static GradientComputer computer(ActorCriticNetwork net, boolean plainJava, AlgorithmConfig algorithm) {
        return new GradientComputer(net, algorithm, plainJava);
    }

    /** Plays the rollout's observations through the computer's policy (as {@link RolloutCollector} does), then computes. */
    static GradientComputer.Result play(GradientComputer computer, Rollout r) {
        return play(computer, r, Double.NaN);
    }

    /** {@link #play(GradientComputer, Rollout)} with a scheduled entropy weight (NaN: the configured one). */
    static GradientComputer.Result play(GradientComputer computer, Rollout r, double entropyCoef) {
        int k = r.envs;
        int width = SPEC.head().outputWidth();
        float[] outputs = new float[k * width];
        float[] values = new float[k];
        for (int t = 0; t < r.steps; t++) {
            float[] obs = Arrays.copyOfRange(r.observations, t * k * r.observationSize, (t + 1) * k * r.observationSize);
            computer.policy().act(obs, k, null, outputs, values);
            r.record(t, outputs, width, values);
        }
        r.recorded = true;
        return Double.isNaN(entropyCoef) ? computer.compute(r) : computer.compute(r, entropyCoef);
    }

    private static ActorCriticNetwork[] twins() {
        ActorCriticNetwork a = ActorCriticNetwork.create(SPEC, NET_SEED);
        ActorCriticNetwork b = ActorCriticNetwork.create(SPEC, NET_SEED);
        assertEquals(0.0, maxAbsDifference(toArray(a.parameters()), toArray(b.parameters())), "same seed, same weights");
        return new ActorCriticNetwork[] {a, b};
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesAnIndependentComputationWithoutClipping(boolean plainJava) {
        ActorCriticNetwork[] nets = twins();
        Rollout r = rollout(5, 3, 1, new int[] {4, 10}, new int[0]);
        GradientComputer computer = computer(nets[0], plainJava, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, 0));
        GradientComputer.Result result = play(computer, r);
        Reference ref = reference(nets[1], r, 0, GradientComputerTest::nStepReturns);

        assertGradientsMatch(ref.gradient(), toArray(computer.gradient()));
        assertEquals(ref.normBeforeClipping(), result.gradientNorm(), 1e-5 * ref.normBeforeClipping());
        assertEquals(ref.normBeforeClipping(), GradientClipping.globalNorm(computer.gradient()), 1e-4 * ref.normBeforeClipping(),
                "no clipping with max norm 0");
        assertEquals(ref.terms().total(), result.terms().total(), 1e-6);
        assertEquals(ref.terms().policyLoss(), result.terms().policyLoss(), 1e-6);
        assertEquals(ref.terms().valueLoss(), result.terms().valueLoss(), 1e-6);
        assertEquals(ref.terms().entropy(), result.terms().entropy(), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void computesWithLoadedParametersAsWithANetworkThatHasThem(boolean plainJava) {
        ActorCriticNetwork template = ActorCriticNetwork.create(SPEC, NET_SEED);
        ActorCriticNetwork other = ActorCriticNetwork.create(SPEC, NET_SEED + 1);
        float[] weights = toArray(other.parameters());
        assertTrue(maxAbsDifference(toArray(template.parameters()), weights) > 0.01, "different weights");
        GradientComputer computer = computer(template, plainJava, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, 0));
        // as the wire brings them: a little-endian view of bytes
        java.nio.FloatBuffer incoming = java.nio.ByteBuffer.allocate(weights.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(weights);
        computer.load(incoming);
        Rollout r = rollout(5, 3, 1, new int[] {4, 10}, new int[0]);
        GradientComputer.Result result = play(computer, r);
        Reference ref = reference(other, r, 0, GradientComputerTest::nStepReturns);
        assertGradientsMatch(ref.gradient(), toArray(computer.gradient()));
        assertEquals(ref.terms().total(), result.terms().total(), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aScheduledEntropyWeightIsTheOneTheGradientUses(boolean plainJava) {
        ActorCriticNetwork[] nets = twins();
        Rollout r = rollout(5, 3, 1, new int[] {4, 10}, new int[0]);
        GradientComputer scheduled = computer(nets[0], plainJava, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, 0));
        GradientComputer.Result result = play(scheduled, r, 0.25);
        Reference ref = reference(nets[1], r, 0, GradientComputerTest::nStepReturns, false, 0.25);
        assertGradientsMatch(ref.gradient(), toArray(scheduled.gradient()));
        assertEquals(ref.terms().total(), result.terms().total(), 1e-6);

        Reference configured = reference(ActorCriticNetwork.create(SPEC, NET_SEED), r, 0, GradientComputerTest::nStepReturns);
        assertTrue(Math.abs(configured.terms().total() - result.terms().total()) > 1e-3, "the weight changed the loss");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void normalizedAdvantagesMatchAnIndependentComputationAndChangeOnlyThePolicyTerm(boolean plainJava) {
        ActorCriticNetwork[] nets = twins();
        Rollout r = rollout(5, 3, 1, new int[] {4, 10}, new int[0]);
        AlgorithmConfig normalizing = dev.a3c.config.TrainingConfig.of("CartPole-v1", "--gamma " + GAMMA
                + " --value-loss-coef " + VALUE_COEF + " --entropy-coef " + ENTROPY_COEF + " --max-grad-norm 0"
                + " --normalize-advantages").algorithm();
        GradientComputer computer = computer(nets[0], plainJava, normalizing);
        GradientComputer.Result result = play(computer, r);
        Reference ref = reference(nets[1], r, 0, GradientComputerTest::nStepReturns, true);
        assertGradientsMatch(ref.gradient(), toArray(computer.gradient()));
        assertEquals(ref.terms().policyLoss(), result.terms().policyLoss(), 1e-6);
        assertEquals(ref.terms().valueLoss(), result.terms().valueLoss(), 1e-6);

        Reference raw = reference(ActorCriticNetwork.create(SPEC, NET_SEED), r, 0, GradientComputerTest::nStepReturns);
        assertEquals(raw.terms().valueLoss(), result.terms().valueLoss(), 1e-6, "the critic learns from the raw returns");
        assertTrue(Math.abs(raw.terms().policyLoss() - result.terms().policyLoss()) > 1e-3, "the actor from standardised ones");

        double[] advantages = {1, 2, 3, 6};
        GradientComputer.standardise(advantages);
        double std = Math.sqrt((4 + 1 + 0 + 9) / 4.0);
        assertEquals((1 - 3) / std, advantages[0], 1e-7);
        assertEquals((6 - 3) / std, advantages[3], 1e-7);
        double[] one = {5};
        GradientComputer.standardise(one);
        assertEquals(5, one[0], "one advantage has no spread to divide by");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesAnIndependentComputationWithClipping(boolean plainJava) {
        ActorCriticNetwork[] nets = twins();
        Rollout r = rollout(6, 4, 2, new int[] {3, 17}, new int[] {9});
        double maxNorm = 0.05;
        GradientComputer computer = computer(nets[0], plainJava, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, maxNorm));
        GradientComputer.Result result = play(computer, r);
        Reference ref = reference(nets[1], r, maxNorm, GradientComputerTest::nStepReturns);

        assertTrue(ref.normBeforeClipping() > maxNorm, "the test must clip: norm " + ref.normBeforeClipping());
        assertEquals(ref.normBeforeClipping(), result.gradientNorm(), 1e-5 * ref.normBeforeClipping());
        assertEquals(maxNorm, GradientClipping.globalNorm(computer.gradient()), 1e-4, "clipped to the bound");
        assertGradientsMatch(ref.gradient(), toArray(computer.gradient()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aTruncatedEpisodeBootstrapsFromTheValueOfItsFinalObservation(boolean plainJava) {
        // K = 2 envs, T = 4 steps. Env 0 is truncated at t = 1 (index 2) and goes on in a new episode;
        // env 1 terminates at t = 2 (index 5). Returns written out by hand, without NStepReturns.
        int k = 2;
        int truncatedIndex = 2;
        ActorCriticNetwork[] nets = twins();
        Rollout r = rollout(4, k, 3, new int[] {5}, new int[] {truncatedIndex});
        ReturnsFunction byHand = (rollout, bootstrap, finalValues) -> {
            double[] rew = rollout.rewards;
            double[] g = new double[8];
            // env 0: t = 3, 2 bootstrap from V(s_T); t = 1 truncated: r + gamma * V(final obs); t = 0 continues into t = 1
            g[6] = rew[6] + GAMMA * bootstrap[0];
            g[4] = rew[4] + GAMMA * g[6];
            g[2] = rew[2] + GAMMA * finalValues[0];
            g[0] = rew[0] + GAMMA * g[2];
            // env 1: t = 3 bootstraps; t = 2 terminated: r only; t = 1, 0 continue
            g[7] = rew[7] + GAMMA * bootstrap[1];
            g[5] = rew[5];
            g[3] = rew[3] + GAMMA * g[5];
            g[1] = rew[1] + GAMMA * g[3];
            return g;
        };

        GradientComputer computer = computer(nets[0], plainJava, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, 0));
        play(computer, r);
        float[] actual = toArray(computer.gradient());
        Reference expected = reference(nets[1], r, 0, byHand);
        assertGradientsMatch(expected.gradient(), actual);

        // The check can tell the alternatives apart: treating the cut as a termination, or bootstrapping
        // through it from the next episode, gives a different gradient.
        ReturnsFunction asTermination = (rollout, bootstrap, finalValues) -> {
            double[] g = byHand.returns(rollout, bootstrap, finalValues);
            g[2] = rollout.rewards[2];
            g[0] = rollout.rewards[0] + GAMMA * g[2];
            return g;
        };
        ReturnsFunction throughTheCut = (rollout, bootstrap, finalValues) -> {
            double[] g = byHand.returns(rollout, bootstrap, finalValues);
            g[2] = rollout.rewards[2] + GAMMA * g[4];
            g[0] = rollout.rewards[0] + GAMMA * g[2];
            return g;
        };
        for (ReturnsFunction wrong : List.of(asTermination, throughTheCut)) {
            ActorCriticNetwork other = ActorCriticNetwork.create(SPEC, NET_SEED);
            float[] wrongGradient = reference(other, r, 0, wrong).gradient();
            assertTrue(maxAbsDifference(wrongGradient, actual) > 1e-3 * maxAbs(actual),
                    "a wrong treatment of the truncation must be detectable");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void extraRowsOfTheCombinedForwardPassDoNotChangeTheGradient(boolean plainJava) {
        // Many truncations: many extra rows in the combined forward pass, all with zero loss gradient.
        ActorCriticNetwork[] nets = twins();
        int[] truncated = {0, 1, 2, 5, 7, 8};
        Rollout r = rollout(3, 3, 4, new int[0], truncated);
        GradientComputer computer = computer(nets[0], plainJava, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, 0));
        play(computer, r);
        Reference ref = reference(nets[1], r, 0, GradientComputerTest::nStepReturns);
        assertGradientsMatch(ref.gradient(), toArray(computer.gradient()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void repeatedComputationsOverwriteRatherThanAccumulate(boolean plainJava) {
        ActorCriticNetwork[] nets = twins();
        Rollout r = rollout(5, 2, 6, new int[] {3}, new int[] {6});
        GradientComputer computer = computer(nets[0], plainJava, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, 0));
        play(computer, rollout(5, 2, 7, new int[0], new int[] {1}));
        play(computer, r);
        Reference ref = reference(nets[1], r, 0, GradientComputerTest::nStepReturns);
        assertGradientsMatch(ref.gradient(), toArray(computer.gradient()));
        assertTrue(Arrays.equals(toArray(nets[0].parameters()), toArray(nets[1].parameters())),
                "computing a gradient leaves the parameters alone");
    }

    @Test
    void inPlainJavaARolloutNotPlayedWithTheComputersPolicyIsRefused() {
        GradientComputer computer = computer(twins()[0], true, algorithm(GAMMA, VALUE_COEF, ENTROPY_COEF, 0));
        assertThrows(IllegalStateException.class, () -> computer.compute(rollout(5, 2, 1, new int[0], new int[0])));
        Rollout played = rollout(5, 2, 1, new int[0], new int[0]);
        play(computer, played);
        assertThrows(IllegalStateException.class, () -> computer.compute(played), "a trace serves one gradient");
    }
}

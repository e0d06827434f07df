package dev.a3c.worker.learner;

import dev.a3c.config.AlgorithmConfig;
import dev.a3c.learning.ActionDistribution;
import dev.a3c.learning.ActorCriticLoss;
import dev.a3c.learning.GeneralizedAdvantage;
import dev.a3c.learning.GradientClipping;
import dev.a3c.learning.NStepReturns;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.LstmState;
import dev.a3c.network.PlainNetwork;
import dev.a3c.network.PolicyInference;
import java.nio.FloatBuffer;

/**
 * The worker's half of A3C: from a rollout, the n-step returns and the clipped gradient of the
 * actor-critic loss, left in {@link #gradient()}.
 *
 * <p>A feed-forward network is computed in plain Java ({@link PlainNetwork}): the rollout is played with
 * {@link #policy()}, which keeps every step's activations, so the gradient needs no second forward pass
 * over the rollout, only the values of the bootstrap observations and of the final observations of
 * truncated episodes. With DL4J (recurrent networks, or on request), a feed-forward network gets one batch:
 * the rollout's observations, the bootstrap observations and the final observations of truncated episodes;
 * the extra rows get a zero loss gradient, so they only provide values. A recurrent network gets the
 * rollout as {@link SequenceBatch sequences} starting from the carried LSTM state.
 */
public final class GradientComputer {

    /** Loss terms and the gradient norm before clipping. */
    public record Result(ActorCriticLoss.Terms terms, double gradientNorm) {}

    private final ActorCriticNetwork network;
    private ActorCriticLoss loss;
    private final double gamma;
    private final double gaeLambda;
    private final double maxGradNorm;
    private final boolean normalizeAdvantages;
    /** The plain-Java network, its trace of the rollout being played and its gradient; null with DL4J. */
    private final PlainNetwork plain;
    private final PlainNetwork.Trace trace;
    private final float[] plainGradient;
    private final PolicyInference policy;

    /** Plain Java for a feed-forward network, DL4J for a recurrent one. */
    public GradientComputer(ActorCriticNetwork network, AlgorithmConfig algorithm) {
        this(network, algorithm, PlainNetwork.supports(network.spec()));
    }

    /** @param plainJava whether to compute with {@link PlainNetwork} (feed-forward networks only) or with DL4J */
    public GradientComputer(ActorCriticNetwork network, AlgorithmConfig algorithm, boolean plainJava) {
        this.network = network;
        this.loss = new ActorCriticLoss(ActionDistribution.of(network.spec().head()), algorithm.valueLossCoef(),
                algorithm.entropyCoef());
        this.gamma = algorithm.gamma();
        this.gaeLambda = algorithm.gaeLambda();
        this.maxGradNorm = algorithm.maxGradNorm();
        this.normalizeAdvantages = algorithm.normalizeAdvantages();
        if (plainJava) {
            plain = new PlainNetwork(network);
            trace = plain.newTrace(algorithm.rolloutSteps() * algorithm.envsPerWorker());
            plainGradient = new float[network.parameterCount()];
            policy = new Recording();
        } else {
            plain = null;
            trace = null;
            plainGradient = null;
            policy = PolicyInference.of(network);
        }
    }

    /**
     * The policy to play the rollouts with; in plain Java, it keeps the activations that {@link #compute} needs.
     * Call its {@link PolicyInference#refresh()} after the network's parameters change.
     */
    public PolicyInference policy() {
        return policy;
    }

    /**
     * Computes with {@code parameters} (flat, DL4J's layout, from index 0) from now on: in plain Java they are copied
     * into the plain network only (the DL4J network is then a template whose parameters are not used); with DL4J,
     * into the network.
     */
    public void load(FloatBuffer parameters) {
        if (plain != null) {
            plain.load(parameters);
        } else {
            network.setParameters(parameters);
            policy.refresh();
        }
    }

    /** The gradient of the last {@link #compute}, in the network's flat parameter layout. */
    public FloatBuffer gradient() {
        return plain != null ? FloatBuffer.wrap(plainGradient) : network.gradient();
    }

    /** {@link #compute(Rollout)} with this weight of the entropy bonus (a scheduled one) from now on. */
    public Result compute(Rollout rollout, double entropyCoef) {
        loss = loss.withEntropyCoef(entropyCoef);
        return compute(rollout);
    }

    /** The gradient of the rollout last played with {@link #policy()}. */
    public Result compute(Rollout rollout) {
        if (plain != null) {
            try {
                return computeFromTrace(rollout);
            } finally {
                trace.clear();
            }
        }
        return network.spec().recurrent() ? computeRecurrent(rollout) : computeFeedForward(rollout);
    }

    /** The rollout's outputs and activations were kept while it was played: only the extra rows' values are new. */
    private Result computeFromTrace(Rollout rollout) {
        int n = rollout.transitions();
        if (trace.rows() != n || !rollout.recorded) {
            throw new IllegalStateException("the rollout was not played with this computer's policy: " + trace.rows()
                    + " rows traced for " + n + " transitions");
        }
        int k = rollout.envs;
        int obsSize = rollout.observationSize;
        int truncations = rollout.truncatedIndices.size();
        int width = network.spec().head().outputWidth();
        float[] extra = new float[(k + truncations) * obsSize];
        System.arraycopy(rollout.bootstrapObservations, 0, extra, 0, k * obsSize);
        for (int m = 0; m < truncations; m++) {
            System.arraycopy(rollout.truncatedObservations.get(m), 0, extra, (k + m) * obsSize, obsSize);
        }
        float[] extraValues = new float[k + truncations];
        plain.forward(extra, 0, k + truncations, null, new float[(k + truncations) * width], 0, extraValues, 0);
        double[] bootstrap = new double[k];
        for (int e = 0; e < k; e++) {
            bootstrap[e] = extraValues[e];
        }
        double[] truncationValues = new double[n];
        for (int m = 0; m < truncations; m++) {
            truncationValues[rollout.truncatedIndices.get(m)] = extraValues[k + m];
        }
        double[] policyOutputs = new double[n * width];
        for (int i = 0; i < policyOutputs.length; i++) {
            policyOutputs[i] = rollout.policyOutputs[i];
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = rollout.values[i];
        }
        int[] transitionRows = new int[n];
        for (int i = 0; i < n; i++) {
            transitionRows[i] = i;
        }
        return learn((policyGrad, valueGrad) -> plain.backward(trace, policyGrad, valueGrad, plainGradient), rollout,
                policyOutputs, values, transitionRows, bootstrap, truncationValues);
    }

    private Result computeFeedForward(Rollout rollout) {
        int n = rollout.transitions();
        int k = rollout.envs;
        int obsSize = rollout.observationSize;
        int truncations = rollout.truncatedIndices.size();
        int rows = n + k + truncations;
        float[] batch = new float[rows * obsSize];
        System.arraycopy(rollout.observations, 0, batch, 0, n * obsSize);
        System.arraycopy(rollout.bootstrapObservations, 0, batch, n * obsSize, k * obsSize);
        for (int m = 0; m < truncations; m++) {
            System.arraycopy(rollout.truncatedObservations.get(m), 0, batch, (n + k + m) * obsSize, obsSize);
        }
        double[] policy = new double[rows * network.spec().head().outputWidth()];
        double[] values = new double[rows];
        ActorCriticNetwork.ForwardPass pass = network.forward(batch, rows, policy, values);

        int[] transitionRows = new int[n];
        for (int i = 0; i < n; i++) {
            transitionRows[i] = i;
        }
        double[] bootstrap = new double[k];
        System.arraycopy(values, n, bootstrap, 0, k);
        double[] truncationValues = new double[n];
        for (int m = 0; m < truncations; m++) {
            truncationValues[rollout.truncatedIndices.get(m)] = values[n + k + m];
        }
        return learn((policyGrad, valueGrad) -> network.backward(pass, policyGrad, valueGrad), rollout, policy, values,
                transitionRows, bootstrap, truncationValues);
    }

    private Result computeRecurrent(Rollout rollout) {
        SequenceBatch batch = new SequenceBatch(rollout, network.spec().lstmSize());
        int rows = batch.rows();
        double[] policy = new double[rows * network.spec().head().outputWidth()];
        double[] values = new double[rows];
        ActorCriticNetwork.ForwardPass pass = network.forwardSequences(batch.observations, batch.sequences, batch.steps,
                batch.initialState, policy, values);
        int n = rollout.transitions();
        double[] bootstrap = new double[rollout.envs];
        for (int e = 0; e < rollout.envs; e++) {
            bootstrap[e] = batch.bootstrapRows[e] < 0 ? 0 : values[batch.bootstrapRows[e]];
        }
        double[] truncationValues = new double[n];
        for (int i = 0; i < n; i++) {
            if (batch.truncationRows[i] >= 0) {
                truncationValues[i] = values[batch.truncationRows[i]];
            }
        }
        return learn((policyGrad, valueGrad) -> network.backward(pass, policyGrad, valueGrad), rollout, policy, values,
                batch.transitionRows, bootstrap, truncationValues);
    }

    /** Back-propagation of the loss gradient with respect to the outputs into {@link #gradient()}. */
    @FunctionalInterface
    private interface Backward {
        void run(double[] policyGrad, double[] valueGrad);
    }

    private Result learn(Backward backward, Rollout rollout, double[] policy, double[] values, int[] transitionRows, double[] bootstrap,
                         double[] truncationValues) {
        int n = rollout.transitions();
        double[] stepValues = new double[n];
        for (int i = 0; i < n; i++) {
            stepValues[i] = values[transitionRows[i]];
        }
        double[] returns;
        double[] advantages;
        if (gaeLambda == 1.0) {
            returns = NStepReturns.compute(rollout.rewards, rollout.terminated, rollout.truncated, truncationValues,
                    bootstrap, gamma);
            advantages = new double[n];
            for (int i = 0; i < n; i++) {
                advantages[i] = returns[i] - stepValues[i];
            }
        } else {
            advantages = GeneralizedAdvantage.compute(rollout.rewards, stepValues, rollout.terminated, rollout.truncated,
                    truncationValues, bootstrap, gamma, gaeLambda);
            returns = new double[n];
            for (int i = 0; i < n; i++) {
                returns[i] = advantages[i] + stepValues[i];
            }
        }
        if (normalizeAdvantages) {
            standardise(advantages);
        }
        double[] policyGrad = new double[policy.length];
        double[] valueGrad = new double[values.length];
        ActorCriticLoss.Terms terms = loss.evaluate(policy, values, rollout.actions, returns, advantages, transitionRows,
                policyGrad, valueGrad);
        backward.run(policyGrad, valueGrad);
        double norm = GradientClipping.clipGlobalNorm(gradient(), maxGradNorm);
        return new Result(terms, norm);
    }

    /** (a - mean) / (standard deviation + 1e-8) in place; a single advantage is left as it is. */
    static void standardise(double[] advantages) {
        if (advantages.length < 2) {
            return;
        }
        double mean = java.util.Arrays.stream(advantages).average().orElse(0);
        double variance = java.util.Arrays.stream(advantages).map(a -> (a - mean) * (a - mean)).sum() / advantages.length;
        double scale = 1 / (Math.sqrt(variance) + 1e-8);
        for (int i = 0; i < advantages.length; i++) {
            advantages[i] = (advantages[i] - mean) * scale;
        }
    }

    /** Acting through the plain-Java network, each step's activations kept in the trace. */
    private final class Recording implements PolicyInference {
        @Override
        public void act(float[] observations, int rows, LstmState state, float[] policyOut, float[] valuesOut) {
            plain.forward(observations, 0, rows, trace, policyOut, 0, valuesOut, 0);
        }

        @Override
        public void refresh() {
            plain.refresh();
        }

        @Override
        public void load(FloatBuffer parameters) {
            plain.load(parameters);
        }
    }
}

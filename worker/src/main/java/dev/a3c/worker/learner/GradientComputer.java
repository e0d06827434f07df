package dev.a3c.worker.learner;

import dev.a3c.config.AlgorithmConfig;
import dev.a3c.learning.ActionDistribution;
import dev.a3c.learning.ActorCriticLoss;
import dev.a3c.learning.GeneralizedAdvantage;
import dev.a3c.learning.GradientClipping;
import dev.a3c.learning.NStepReturns;
import dev.a3c.network.ActorCriticNetwork;

/**
 * The worker's half of A3C: from a rollout, the n-step returns and the clipped gradient of the
 * actor-critic loss, left in the network's gradient view.
 *
 * <p>A feed-forward network gets one batch: the rollout's observations, the bootstrap observations
 * and the final observations of truncated episodes; the extra rows get a zero loss gradient, so
 * they only provide values. A recurrent network gets the rollout as {@link SequenceBatch sequences}
 * starting from the carried LSTM state.
 */
public final class GradientComputer {

    /** Loss terms and the gradient norm before clipping. */
    public record Result(ActorCriticLoss.Terms terms, double gradientNorm) {}

    private final ActorCriticNetwork network;
    private final ActorCriticLoss loss;
    private final double gamma;
    private final double gaeLambda;
    private final double maxGradNorm;
    private final boolean normalizeAdvantages;

    public GradientComputer(ActorCriticNetwork network, AlgorithmConfig algorithm) {
        this.network = network;
        this.loss = new ActorCriticLoss(ActionDistribution.of(network.spec().head()), algorithm.valueLossCoef(),
                algorithm.entropyCoef());
        this.gamma = algorithm.gamma();
        this.gaeLambda = algorithm.gaeLambda();
        this.maxGradNorm = algorithm.maxGradNorm();
        this.normalizeAdvantages = algorithm.normalizeAdvantages();
    }

    public Result compute(Rollout rollout) {
        return network.spec().recurrent() ? computeRecurrent(rollout) : computeFeedForward(rollout);
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
        return learn(pass, rollout, policy, values, transitionRows, bootstrap, truncationValues);
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
        return learn(pass, rollout, policy, values, batch.transitionRows, bootstrap, truncationValues);
    }

    private Result learn(ActorCriticNetwork.ForwardPass pass, Rollout rollout, double[] policy, double[] values, int[] transitionRows, double[] bootstrap,
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
        network.backward(pass, policyGrad, valueGrad);
        double norm = GradientClipping.clipGlobalNorm(network.gradient(), maxGradNorm);
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
}

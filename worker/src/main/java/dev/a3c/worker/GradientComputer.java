package dev.a3c.worker;

import dev.a3c.common.nn.ActorCriticNetwork;
import dev.a3c.common.rl.ActorCriticLoss;
import dev.a3c.common.rl.GradientClipping;
import dev.a3c.common.rl.NStepReturns;

/**
 * The worker's half of A3C: from a rollout, the n-step returns and the clipped gradient of the
 * actor-critic loss, left in the network's gradient view.
 *
 * <p>One forward pass covers the rollout's observations, the bootstrap observations and the final
 * observations of truncated episodes; the extra rows get a zero loss gradient, so they only
 * provide values.
 */
final class GradientComputer {

    /** Loss terms and the gradient norm before clipping. */
    record Result(ActorCriticLoss.Terms terms, double gradientNorm) {}

    private final ActorCriticNetwork network;
    private final ActorCriticLoss loss;
    private final double gamma;
    private final double maxGradNorm;

    GradientComputer(ActorCriticNetwork network, double gamma, double valueLossCoef, double entropyCoef,
                     double maxGradNorm) {
        this.network = network;
        this.loss = new ActorCriticLoss(valueLossCoef, entropyCoef);
        this.gamma = gamma;
        this.maxGradNorm = maxGradNorm;
    }

    Result compute(Rollout rollout) {
        int n = rollout.transitions();
        int k = rollout.envs;
        int obsSize = rollout.observationSize;
        int truncations = rollout.truncatedIndices.size();
        int rows = n + k + truncations;
        int actionCount = network.spec().actionCount();

        float[] batch = new float[rows * obsSize];
        System.arraycopy(rollout.observations, 0, batch, 0, n * obsSize);
        System.arraycopy(rollout.bootstrapObservations, 0, batch, n * obsSize, k * obsSize);
        for (int m = 0; m < truncations; m++) {
            System.arraycopy(rollout.truncatedObservations.get(m), 0, batch, (n + k + m) * obsSize, obsSize);
        }
        double[] logits = new double[rows * actionCount];
        double[] values = new double[rows];
        network.forward(batch, rows, logits, values);

        double[] bootstrap = new double[k];
        System.arraycopy(values, n, bootstrap, 0, k);
        double[] truncationValues = new double[n];
        for (int m = 0; m < truncations; m++) {
            truncationValues[rollout.truncatedIndices.get(m)] = values[n + k + m];
        }
        double[] returns = NStepReturns.compute(rollout.rewards, rollout.terminated, rollout.truncated,
                truncationValues, bootstrap, gamma);
        double[] advantages = new double[n];
        for (int i = 0; i < n; i++) {
            advantages[i] = returns[i] - values[i];
        }
        double[] logitGrad = new double[rows * actionCount];
        double[] valueGrad = new double[rows];
        ActorCriticLoss.Terms terms = loss.evaluate(logits, values, rollout.actions, returns, advantages, n,
                logitGrad, valueGrad);
        network.backward(logitGrad, valueGrad, rows);
        double norm = GradientClipping.clipGlobalNorm(network.gradient(), maxGradNorm);
        return new Result(terms, norm);
    }
}

package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import dev.a3c.learning.ActorCriticLoss;
import dev.a3c.learning.DiagonalGaussian;
import dev.a3c.learning.optim.Optimizer;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.learning.optim.OptimizerSettings;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The continuous policy end to end on a one-step bandit, reward {@code -(a - 0.7)^2}: sampling,
 * the Gaussian loss, back-propagation and the optimizer together must move the mean to 0.7 and
 * shrink the standard deviation.
 */
@Tag("integration")
class ContinuousBanditLearningTest {

    @Test
    void gaussianPolicyFindsTheBestAction() {
        NetworkSpec spec = new NetworkSpec(List.of(2), new Torso.Mlp(List.of(16), "tanh"), 0, ActionHead.gaussian(1));
        ActorCriticNetwork net = ActorCriticNetwork.create(spec, 3);
        PlainNetwork acting = new PlainNetwork(net);
        Optimizer optimizer = Optimizer.create(OptimizerKind.ADAM, net.parameterCount(), OptimizerSettings.DEFAULTS);
        ActorCriticLoss loss = new ActorCriticLoss(new DiagonalGaussian(1), 0.5, 0.0);
        SplittableRandom random = new SplittableRandom(1);
        int batch = 64;
        float[] obs = new float[batch * 2];
        for (int i = 0; i < batch; i++) {
            obs[2 * i] = 0.5f;
            obs[2 * i + 1] = -0.5f;
        }
        float[] output = new float[batch * 2];
        float[] values = new float[batch];
        float[] actions = new float[batch];
        for (int iteration = 0; iteration < 1500; iteration++) {
            acting.refresh();
            acting.act(obs, batch, null, output, values);
            double[] returns = new double[batch];
            double[] advantages = new double[batch];
            for (int i = 0; i < batch; i++) {
                new DiagonalGaussian(1).sample(output, 2 * i, random, actions, i);
                returns[i] = -(actions[i] - 0.7) * (actions[i] - 0.7);
                advantages[i] = returns[i] - values[i];
            }
            double[] policy = new double[batch * 2];
            double[] v = new double[batch];
            ActorCriticNetwork.ForwardPass pass = net.forward(obs, batch, policy, v);
            double[] policyGrad = new double[policy.length];
            double[] valueGrad = new double[batch];
            loss.evaluate(policy, v, actions, returns, advantages, batch, policyGrad, valueGrad);
            net.backward(pass, policyGrad, valueGrad);
            optimizer.step(net.parameters(), net.gradient(), 3e-3);
        }
        acting.refresh();
        acting.act(obs, 1, null, output, values);
        assertEquals(0.7, output[0], 0.1, "mean");
        assertTrue(output[1] < -1, "log std shrinks: " + output[1]);
    }
}

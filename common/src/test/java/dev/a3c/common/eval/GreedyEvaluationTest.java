package dev.a3c.common.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.common.env.CartPole;
import dev.a3c.common.env.Environments;
import dev.a3c.common.env.Step;
import dev.a3c.common.nn.ActorCriticNetwork;
import dev.a3c.common.nn.NetworkSpec;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyEvaluationTest {

    @Test
    void playsTheMostProbableActionInEveryStep() {
        NetworkSpec spec = NetworkSpec.mlp(4, 2, List.of(8), "tanh");
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 1);
        // zero weights, policy bias (0, 5): the greedy action is always 1 (push right)
        FloatBuffer params = network.parameters();
        for (int i = 0; i < params.limit(); i++) {
            params.put(i, 0f);
        }
        int policyBias = 4 * 8 + 8 + 8 * 2;   // hidden W, hidden b, policy W, then policy b
        params.put(policyBias + 1, 5f);

        GreedyEvaluation.Result result = GreedyEvaluation.run(network, Environments.make("CartPole-v1"), 3, 7);

        CartPole reference = new CartPole();
        reference.reset(7);
        int length = 0;
        Step step;
        do {
            step = reference.step(1);
            length++;
        } while (!step.done());
        assertEquals(length, result.lengths().get(0), "always pushing right ends the first episode as the reference does");
        assertEquals((double) length, result.returns().get(0));
        assertEquals(3, result.returns().size());
        assertTrue(result.maxReturn() < 50 && result.minReturn() >= 1);
        assertEquals(result.returns().stream().mapToDouble(d -> d).average().orElseThrow(), result.meanReturn(), 1e-12);
    }
}

package dev.a3c.common.eval;

import dev.a3c.common.env.Environment;
import dev.a3c.common.env.Step;
import dev.a3c.common.nn.ActorCriticNetwork;
import dev.a3c.common.nn.MlpInference;
import dev.a3c.common.rl.Softmax;
import java.util.ArrayList;
import java.util.List;

/** Plays whole episodes with a network's greedy policy (the most probable action) and reports the returns. */
public final class GreedyEvaluation {

    /** Returns and lengths of the episodes played. */
    public record Result(List<Double> returns, List<Integer> lengths) {
        public double meanReturn() {
            return returns.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        public double minReturn() {
            return returns.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        public double maxReturn() {
            return returns.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private GreedyEvaluation() {}

    /** Plays {@code episodes} episodes, the first reset with {@code seed}, the rest continuing its generator. */
    public static Result run(ActorCriticNetwork network, Environment env, int episodes, long seed) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        MlpInference policy = new MlpInference(network);
        int actions = network.spec().actionCount();
        float[] logits = new float[actions];
        float[] value = new float[1];
        List<Double> returns = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        float[] obs = env.reset(seed);
        for (int e = 0; e < episodes; e++) {
            if (e > 0) {
                obs = env.reset();
            }
            double total = 0;
            int length = 0;
            Step step;
            do {
                policy.predict(obs, 1, logits, value);
                step = env.step(Softmax.argmax(logits, 0, actions));
                total += step.reward();
                length++;
                obs = step.observation();
            } while (!step.done());
            returns.add(total);
            lengths.add(length);
        }
        return new Result(List.copyOf(returns), List.copyOf(lengths));
    }
}

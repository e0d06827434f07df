package dev.a3c.common.eval;

import dev.a3c.common.env.Environment;
import dev.a3c.common.env.Step;
import dev.a3c.common.nn.ActorCriticNetwork;
import dev.a3c.common.nn.LstmState;
import dev.a3c.common.nn.NetworkSpec;
import dev.a3c.common.nn.PolicyInference;
import dev.a3c.common.rl.ActionDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays whole episodes with a network's greedy policy (the most probable action: the argmax of the
 * logits, or the Gaussian's mean clipped into the action box) and reports the returns.
 */
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

    /** What a caller sees of the play, for example to record a replay or show progress. */
    public interface Listener {
        /** Each observation, the first of each episode included, right after the reset or step that produced it. */
        default void observed(float[] observation) {}

        /** After each episode: its number (from 1), return and length. */
        default void episodeEnded(int episode, double episodeReturn, int length) {}
    }

    private GreedyEvaluation() {}

    /** Plays {@code episodes} episodes, the first reset with {@code seed}, the rest continuing its generator. */
    public static Result run(ActorCriticNetwork network, Environment env, int episodes, long seed) {
        return run(network, env, episodes, seed, obs -> { });
    }

    /**
     * {@link #run(ActorCriticNetwork, Environment, int, long)}, showing {@code observer} every
     * observation (the first of each episode included), for example to render a replay.
     */
    public static Result run(ActorCriticNetwork network, Environment env, int episodes, long seed,
                             Consumer<float[]> observer) {
        return run(network, env, episodes, seed, new Listener() {
            @Override
            public void observed(float[] observation) {
                observer.accept(observation);
            }
        });
    }

    /** {@link #run(ActorCriticNetwork, Environment, int, long)}, telling {@code listener} what happens. */
    public static Result run(ActorCriticNetwork network, Environment env, int episodes, long seed, Listener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        NetworkSpec spec = network.spec();
        PolicyInference policy = PolicyInference.of(network);
        ActionDistribution distribution = ActionDistribution.of(spec.head());
        float[] output = new float[spec.head().outputWidth()];
        float[] value = new float[1];
        float[] action = new float[distribution.actionWidth()];
        LstmState state = spec.recurrent() ? LstmState.zeros(1, spec.lstmSize()) : null;
        List<Double> returns = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        float[] obs = env.reset(seed);
        for (int e = 0; e < episodes; e++) {
            if (e > 0) {
                obs = env.reset();
            }
            if (state != null) {
                state.reset(0);
            }
            listener.observed(obs);
            double total = 0;
            int length = 0;
            Step step;
            do {
                policy.act(obs, 1, state, output, value);
                distribution.mode(output, 0, action, 0);
                step = env.act(action, 0);
                total += step.reward();
                length++;
                obs = step.observation();
                listener.observed(obs);
            } while (!step.done());
            returns.add(total);
            lengths.add(length);
            listener.episodeEnded(e + 1, total, length);
        }
        return new Result(List.copyOf(returns), List.copyOf(lengths));
    }
}

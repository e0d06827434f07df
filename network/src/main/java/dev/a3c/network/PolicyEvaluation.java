package dev.a3c.network;

import dev.a3c.config.ActionSelection;
import dev.a3c.config.NetworkSpec;
import dev.a3c.env.Environment;
import dev.a3c.env.Step;
import dev.a3c.learning.ActionDistribution;
import dev.a3c.learning.normalization.ObservationStandardizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Plays whole episodes with a network's policy and reports the returns: greedily (the most probable
 * action: the argmax of the logits, or the Gaussian's mean clipped into the action box) or by
 * sampling actions as training does.
 *
 * <p>The two can differ a lot. LunarLanderContinuous fires its main engine only for actions above 0,
 * at 50-100% power: a policy trained with noise may throttle by firing on some steps and not on
 * others, which its mean action cannot do.
 */
public final class PolicyEvaluation {

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

    private PolicyEvaluation() {}

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
        return run(network, env, episodes, seed, ActionSelection.GREEDY, listener);
    }

    /**
     * Plays {@code episodes} episodes choosing actions by {@code mode}; sampled actions come from a
     * generator seeded with {@code seed}, so a play is repeatable.
     */
    public static Result run(ActorCriticNetwork network, Environment env, int episodes, long seed, ActionSelection mode,
                             Listener listener) {
        return run(network, null, env, episodes, seed, mode, listener);
    }

    /**
     * {@link #run(ActorCriticNetwork, Environment, int, long, ActionSelection, Listener)} for a network whose inputs are
     * standardized observations ({@code --standardize-observations}): the policy sees each observation as
     * {@code standardizer} makes it (null: as the environment gives it), the listener as the environment gives it.
     */
    public static Result run(ActorCriticNetwork network, ObservationStandardizer standardizer, Environment env,
                             int episodes, long seed, ActionSelection mode, Listener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        NetworkSpec spec = network.spec();
        PolicyInference policy = PolicyInference.of(network);
        ActionDistribution distribution = ActionDistribution.of(spec.head());
        float[] output = new float[spec.head().outputWidth()];
        float[] value = new float[1];
        float[] action = new float[distribution.actionWidth()];
        float[] standardized = standardizer == null ? null : new float[spec.observationSize()];
        LstmState state = spec.recurrent() ? LstmState.zeros(1, spec.lstmSize()) : null;
        List<Double> returns = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
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
                if (standardizer != null) {
                    standardizer.standardize(obs, 1, standardized);
                }
                policy.act(standardizer == null ? obs : standardized, 1, state, output, value);
                if (mode == ActionSelection.SAMPLE) {
                    distribution.sample(output, 0, random, action, 0);
                } else {
                    distribution.mode(output, 0, action, 0);
                }
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

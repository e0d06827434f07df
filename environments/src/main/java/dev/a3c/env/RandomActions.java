package dev.a3c.env;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/** Uniformly random actions for an environment: a random-policy baseline and a way to exercise dynamics. */
public final class RandomActions {

    /** One random transition; {@code action} is an {@code Integer} or a {@code float[]}. */
    public record Transition(float[] observation, Object action, Step step) {}

    private final Environment env;
    private final SplittableRandom random;
    private float[] observation;

    /** Resets {@code env} with {@code seed}; actions are drawn from a generator derived from the same seed. */
    public RandomActions(Environment env, long seed) {
        this.env = env;
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.observation = env.reset(seed);
    }

    /** Takes one uniformly random action; after an episode ends, the next call starts a new one. */
    public Transition step() {
        Object action = sample(env.spec().actionSpace());
        Step step = action instanceof Integer a ? env.step(a) : env.step((float[]) action);
        Transition transition = new Transition(observation, action, step);
        observation = step.done() ? env.reset() : step.observation();
        return transition;
    }

    private Object sample(ActionSpace space) {
        if (space instanceof ActionSpace.Discrete d) {
            return random.nextInt(d.n());
        }
        ActionSpace.Box box = (ActionSpace.Box) space;
        float[] action = new float[box.size()];
        for (int i = 0; i < action.length; i++) {
            action[i] = (float) (box.low().get(i) + random.nextDouble() * (box.high().get(i) - box.low().get(i)));
        }
        return action;
    }

    /** Random-policy statistics over whole episodes. */
    public record Baseline(int episodes, double meanReturn, double stderrReturn, double meanLength) {}

    /** Plays {@code episodes} whole episodes with uniformly random actions. */
    public static Baseline baseline(Environment env, int episodes, long seed) {
        return baseline(env, episodes, seed, done -> { });
    }

    /** {@link #baseline(Environment, int, long)}, telling {@code episodesDone} the count after each episode. */
    public static Baseline baseline(Environment env, int episodes, long seed, IntConsumer episodesDone) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        RandomActions actions = new RandomActions(env, seed);
        double[] returns = new double[episodes];
        long steps = 0;
        for (int e = 0; e < episodes; e++) {
            Step step;
            do {
                step = actions.step().step();
                returns[e] += step.reward();
                steps++;
            } while (!step.done());
            episodesDone.accept(e + 1);
        }
        double mean = 0;
        for (double r : returns) {
            mean += r;
        }
        mean /= episodes;
        double variance = 0;
        for (double r : returns) {
            variance += (r - mean) * (r - mean);
        }
        double stderr = episodes > 1 ? Math.sqrt(variance / (episodes - 1) / episodes) : 0;
        return new Baseline(episodes, mean, stderr, (double) steps / episodes);
    }
}

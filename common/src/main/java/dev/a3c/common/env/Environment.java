package dev.a3c.common.env;

/**
 * A Gymnasium-style environment with a flat float observation and a discrete action space.
 *
 * <p>{@link #reset(long)} seeds the environment's random generator (like {@code env.reset(seed=s)});
 * {@link #reset()} continues with the generator as it is. {@link #step(int)} returns the
 * observation, reward and the terminated/truncated split of Gymnasium's API.
 */
public interface Environment {

    /** The static description of this environment: id, spaces, time limit, reward threshold. */
    EnvironmentSpec spec();

    float[] reset(long seed);

    float[] reset();

    Step step(int action);
}

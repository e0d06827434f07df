package dev.a3c.env;

/**
 * A Gymnasium-style environment with a flat float observation (c order, shape in the spec).
 *
 * <p>{@link #reset(long)} seeds the environment's random generator (like {@code env.reset(seed=s)});
 * {@link #reset()} continues with the generator as it is. {@link #step(int)} (discrete action
 * spaces) and {@link #step(float[])} (continuous ones) return the observation, reward and the
 * terminated/truncated split of Gymnasium's API.
 */
public interface Environment {

    /** The static description of this environment: id, spaces, time limit, reward threshold. */
    EnvironmentSpec spec();

    float[] reset(long seed);

    float[] reset();

    /**
     * The environment inside all wrappers ({@link TimeLimit}, {@link ObservationRescaling}), like
     * Gymnasium's {@code env.unwrapped}: the simulation itself, for example to draw its state.
     */
    default Environment unwrapped() {
        return this;
    }

    /** One step with a discrete action; environments with continuous actions throw. */
    default Step step(int action) {
        throw new UnsupportedOperationException(spec().id() + " has continuous actions: call step(float[])");
    }

    /** One step with a continuous action; environments with discrete actions throw. */
    default Step step(float[] action) {
        throw new UnsupportedOperationException(spec().id() + " has discrete actions: call step(int)");
    }

    /**
     * One step with a policy's action read at {@code offset} of {@code actions}: a discrete index, or
     * a vector in the unit box [-1, 1]^d, clipped to it and mapped onto the action box (a Gaussian
     * policy's sample is unbounded; only what is sent to the environment is clipped).
     */
    default Step act(float[] actions, int offset) {
        ActionSpace space = spec().actionSpace();
        if (space instanceof ActionSpace.Box box) {
            return step(box.fromUnit(actions, offset));
        }
        return step((int) actions[offset]);
    }
}

package dev.a3c.env;

import java.util.SplittableRandom;

/**
 * What the simulated environments share: a random generator that {@link #reset(long)} reseeds
 * (Gymnasium's {@code reset(seed=...)}), and the rule that an episode that ended must be reset
 * before the next step.
 */
abstract class SeededEnvironment implements Environment {

    /** The environment's only source of randomness. */
    protected SplittableRandom random = new SplittableRandom();
    private boolean needsReset = true;

    @Override
    public final float[] reset(long seed) {
        random = new SplittableRandom(seed);
        return reset();
    }

    /** Call when an episode starts (from {@code reset()} or a state set directly). */
    protected final void started() {
        needsReset = false;
    }

    /** Call after each step: a finished episode must be reset before the next step. */
    protected final void ended(boolean done) {
        needsReset = done;
    }

    /** Call at the start of each step. */
    protected final void requireRunning() {
        if (needsReset) {
            throw new IllegalStateException(spec().id() + ": step() before reset() or after the episode ended");
        }
    }
}

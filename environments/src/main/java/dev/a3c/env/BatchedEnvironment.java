package dev.a3c.env;

/**
 * K environments of one kind stepped together, each reset as soon as its episode ends (Gymnasium's semantics per
 * environment). Built-in environments step in this JVM ({@link LocalBatch}); others, such as Gymnasium's through the
 * environment bridge, step K at a time in another process.
 */
public interface BatchedEnvironment extends AutoCloseable {

    /** The spaces and limits of every environment of the batch. */
    EnvironmentSpec spec();

    /** K, the number of environments. */
    int size();

    /** Seeds and resets environment {@code k} with {@code seeds[k]}; writes the first observations, K x size, flat. */
    void reset(long[] seeds, float[] observations);

    /**
     * Steps environment {@code k} with the policy's action at {@code actionOffset + k * width} of {@code actions} (as
     * {@link Environment#act} reads it) and writes its outcome at {@code offset + k} of the arrays and its next
     * observation at {@code k * observationSize} of {@code observations}. An environment whose episode ended is reset:
     * {@code observations} then holds the new episode's first observation and {@code finalObservations[k]} the last
     * one of the ended episode; for the others {@code finalObservations[k]} is set to null. {@code truncated} is only
     * set for an episode that did not also terminate.
     */
    void step(float[] actions, int actionOffset, float[] observations, double[] rewards, boolean[] terminated,
              boolean[] truncated, int offset, float[][] finalObservations);

    /** Releases what the batch holds (another process's environments); idempotent. */
    @Override
    void close();
}

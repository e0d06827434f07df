package dev.a3c.worker.learner;

import dev.a3c.env.Environment;
import dev.a3c.env.BatchedEnvironment;
import dev.a3c.env.LocalBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * K environments stepped in lock-step, each reset automatically when its episode ends. The
 * observation of a finished episode is kept aside ({@link #finalObservation}) because the
 * critic's value of it bootstraps a truncated episode's return.
 */
public final class VectorEnv implements AutoCloseable {

    /** A finished episode. */
    public record Episode(double episodeReturn, int length) {}

    private final BatchedEnvironment envs;
    private final int observationSize;
    private final float[] observations;
    private final double[] returns;
    private final int[] lengths;
    private final float[][] finalObservations;
    private final List<Episode> finished = new ArrayList<>();

    /** {@code count} environments of this JVM from {@code factory}. */
    public VectorEnv(Supplier<Environment> factory, int count, SplittableRandom seeds) {
        this(new LocalBatch(factory, count), seeds);
    }

    /** The environments of {@code envs}, each seeded from {@code seeds} and reset; closing this closes them. */
    public VectorEnv(BatchedEnvironment envs, SplittableRandom seeds) {
        this.envs = envs;
        int count = envs.size();
        observationSize = envs.spec().observationSize();
        observations = new float[count * observationSize];
        returns = new double[count];
        lengths = new int[count];
        finalObservations = new float[count][];
        long[] seedArray = new long[count];
        for (int k = 0; k < count; k++) {
            seedArray[k] = seeds.nextLong();
        }
        envs.reset(seedArray, observations);
    }

    int size() {
        return envs.size();
    }

    public int observationSize() {
        return observationSize;
    }

    /** The current observations, {@code size() * observationSize()} values; live, do not keep. */
    float[] observations() {
        return observations;
    }

    /**
     * Steps every environment with its action ({@code actionWidth} numbers each, from
     * {@code actionOffset}; continuous actions are clipped into the action box) and writes the
     * outcome at {@code offset .. offset + size()} of the arrays. A finished environment is reset;
     * its final observation is then available from {@link #finalObservation(int)} until the next step.
     */
    void step(float[] actions, int actionOffset, double[] rewards, boolean[] terminated, boolean[] truncated, int offset) {
        envs.step(actions, actionOffset, observations, rewards, terminated, truncated, offset, finalObservations);
        for (int k = 0; k < envs.size(); k++) {
            returns[k] += rewards[offset + k];
            lengths[k]++;
            if (finalObservations[k] != null) {
                finished.add(new Episode(returns[k], lengths[k]));
                returns[k] = 0;
                lengths[k] = 0;
            }
        }
    }

    /** The last observation of the episode env {@code k} finished in the latest step, or null. */
    float[] finalObservation(int k) {
        return finalObservations[k];
    }

    /** Closes the environments (another process's sessions). */
    @Override
    public void close() {
        envs.close();
    }

    /** Episodes finished since the last call. */
    public List<Episode> drainFinishedEpisodes() {
        List<Episode> list = List.copyOf(finished);
        finished.clear();
        return list;
    }
}

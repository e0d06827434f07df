package dev.a3c.worker.learner;

import dev.a3c.env.BatchedEnvironment;
import dev.a3c.env.Environment;
import dev.a3c.env.LocalBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * K environments stepped in lock-step, each reset automatically when its episode ends. The
 * observation of a finished episode is kept aside ({@link #finalObservation}) because the
 * critic's value of it bootstraps a truncated episode's return.
 *
 * <p>The K environments may come as several groups (batches of their own: for environments in another process, two
 * bridge sessions), numbered in order: environment {@code k} of the whole is environment {@code k - start(g)} of its
 * group. A group can be stepped on its own and asynchronously ({@link #beginStep}, {@link #endStep}), so that the
 * policy acts for one group while another steps ({@link RolloutCollector}); {@link #step} steps them all.
 */
public final class VectorEnv implements AutoCloseable {

    /** A finished episode. */
    public record Episode(double episodeReturn, int length) {}

    private final List<BatchedEnvironment> groups;
    private final int[] starts;
    private final int size;
    private final int observationSize;
    private final float[] observations;
    private final float[][] groupObservations;
    private final float[][][] groupFinals;
    private final double[] returns;
    private final int[] lengths;
    private final float[][] finalObservations;
    private final List<Episode> finished = new ArrayList<>();
    /** Steps of groups under way, by group; null where none is. */
    private final Future<?>[] pending;
    /** Where the steps of groups run when there are several; null for one group. */
    private final ExecutorService stepper;
    private final double[][] pendingRewards;
    private final int[] pendingOffsets;

    /** {@code count} environments of this JVM from {@code factory}. */
    public VectorEnv(Supplier<Environment> factory, int count, SplittableRandom seeds) {
        this(new LocalBatch(factory, count), seeds);
    }

    /** The environments of {@code envs}, each seeded from {@code seeds} and reset; closing this closes them. */
    public VectorEnv(BatchedEnvironment envs, SplittableRandom seeds) {
        this(List.of(envs), seeds);
    }

    /**
     * The environments of {@code groups}, in order, each seeded from {@code seeds} (environment k gets the k-th
     * seed, however the environments are grouped) and reset; closing this closes them.
     */
    public VectorEnv(List<BatchedEnvironment> groups, SplittableRandom seeds) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("no environments");
        }
        this.groups = List.copyOf(groups);
        this.starts = new int[groups.size() + 1];
        for (int g = 0; g < groups.size(); g++) {
            starts[g + 1] = starts[g] + groups.get(g).size();
            if (!groups.get(g).spec().observationShape().equals(groups.get(0).spec().observationShape())) {
                throw new IllegalArgumentException("the groups' observations differ");
            }
        }
        this.size = starts[groups.size()];
        observationSize = groups.get(0).spec().observationSize();
        observations = new float[size * observationSize];
        groupObservations = new float[groups.size()][];
        groupFinals = new float[groups.size()][][];
        returns = new double[size];
        lengths = new int[size];
        finalObservations = new float[size][];
        pending = new Future<?>[groups.size()];
        pendingRewards = new double[groups.size()][];
        pendingOffsets = new int[groups.size()];
        stepper = groups.size() > 1 ? Executors.newFixedThreadPool(groups.size(), r -> {
            Thread thread = new Thread(r, "env-steps");
            thread.setDaemon(true);
            return thread;
        }) : null;
        for (int g = 0; g < groups.size(); g++) {
            int n = groupSize(g);
            groupObservations[g] = groups.size() == 1 ? observations : new float[n * observationSize];
            groupFinals[g] = groups.size() == 1 ? finalObservations : new float[n][];
        }
        long[] seedArray = new long[size];
        for (int k = 0; k < size; k++) {
            seedArray[k] = seeds.nextLong();
        }
        for (int g = 0; g < groups.size(); g++) {
            long[] groupSeeds = java.util.Arrays.copyOfRange(seedArray, starts[g], starts[g + 1]);
            groups.get(g).reset(groupSeeds, groupObservations[g]);
            copyIn(g);
        }
    }

    int size() {
        return size;
    }

    public int observationSize() {
        return observationSize;
    }

    /** The number of groups. */
    int groupCount() {
        return groups.size();
    }

    /** The index of group {@code g}'s first environment. */
    int groupStart(int g) {
        return starts[g];
    }

    int groupSize(int g) {
        return starts[g + 1] - starts[g];
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
        for (int g = 0; g < groups.size(); g++) {
            beginStep(g, actions, actionOffset, rewards, terminated, truncated, offset);
        }
        for (int g = 0; g < groups.size(); g++) {
            endStep(g);
        }
    }

    /**
     * Starts stepping group {@code g} (on a thread of its own when there are several groups): its environments' actions
     * and outcomes are at their indices in the whole, as for {@link #step}. Its observations and outcomes may be read
     * only after {@link #endStep(int)}.
     */
    void beginStep(int g, float[] actions, int actionOffset, double[] rewards, boolean[] terminated, boolean[] truncated,
                   int offset) {
        if (pending[g] != null) {
            throw new IllegalStateException("group " + g + " is stepping already");
        }
        int start = starts[g];
        BatchedEnvironment group = groups.get(g);
        int width = group.spec().actionSpace().size();
        Runnable step = () -> group.step(actions, actionOffset + start * width, groupObservations[g], rewards, terminated,
                truncated, offset + start, groupFinals[g]);
        pendingRewards[g] = rewards;
        pendingOffsets[g] = offset;
        if (stepper == null) {
            step.run();
            pending[g] = java.util.concurrent.CompletableFuture.completedFuture(null);
        } else {
            pending[g] = stepper.submit(step);
        }
    }

    /** Waits for group {@code g}'s step and takes in its outcome (observations, finished episodes). */
    void endStep(int g) {
        Future<?> step = pending[g];
        if (step == null) {
            throw new IllegalStateException("group " + g + " is not stepping");
        }
        pending[g] = null;
        try {
            step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while environments stepped", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
        copyIn(g);
        double[] rewards = pendingRewards[g];
        int offset = pendingOffsets[g];
        for (int k = starts[g]; k < starts[g + 1]; k++) {
            returns[k] += rewards[offset + k];
            lengths[k]++;
            if (finalObservations[k] != null) {
                finished.add(new Episode(returns[k], lengths[k]));
                returns[k] = 0;
                lengths[k] = 0;
            }
        }
    }

    /** Group {@code g}'s observations and final observations into those of the whole. */
    private void copyIn(int g) {
        if (groups.size() == 1) {
            return;
        }
        System.arraycopy(groupObservations[g], 0, observations, starts[g] * observationSize, groupSize(g) * observationSize);
        for (int i = 0; i < groupSize(g); i++) {
            finalObservations[starts[g] + i] = groupFinals[g][i];
        }
    }

    /** The last observation of the episode env {@code k} finished in the latest step, or null. */
    float[] finalObservation(int k) {
        return finalObservations[k];
    }

    /** Closes the environments (another process's sessions). */
    @Override
    public void close() {
        if (stepper != null) {
            stepper.shutdownNow();
        }
        groups.forEach(BatchedEnvironment::close);
    }

    /** Episodes finished since the last call. */
    public List<Episode> drainFinishedEpisodes() {
        List<Episode> list = List.copyOf(finished);
        finished.clear();
        return list;
    }
}

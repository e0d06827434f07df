package dev.a3c.worker.learner;

import dev.a3c.env.Environment;
import dev.a3c.env.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * K environments stepped in lock-step, each reset automatically when its episode ends. The
 * observation of a finished episode is kept aside ({@link #finalObservation}) because the
 * critic's value of it bootstraps a truncated episode's return.
 */
public final class VectorEnv {

    /** A finished episode. */
    public record Episode(double episodeReturn, int length) {}

    private final Environment[] envs;
    private final int observationSize;
    private final int actionWidth;
    private final float[] observations;
    private final double[] returns;
    private final int[] lengths;
    private final float[][] finalObservations;
    private final List<Episode> finished = new ArrayList<>();

    public VectorEnv(Supplier<Environment> factory, int count, SplittableRandom seeds) {
        envs = new Environment[count];
        for (int k = 0; k < count; k++) {
            envs[k] = factory.get();
        }
        observationSize = envs[0].spec().observationSize();
        actionWidth = envs[0].spec().actionSpace().size();
        observations = new float[count * observationSize];
        returns = new double[count];
        lengths = new int[count];
        finalObservations = new float[count][];
        for (int k = 0; k < count; k++) {
            System.arraycopy(envs[k].reset(seeds.nextLong()), 0, observations, k * observationSize, observationSize);
        }
    }

    int size() {
        return envs.length;
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
     * {@code actionOffset}; continuous actions are clipped into the action box here) and writes the
     * outcome at {@code offset .. offset + size()} of the arrays. A finished environment is reset;
     * its final observation is then available from {@link #finalObservation(int)} until the next step.
     */
    void step(float[] actions, int actionOffset, double[] rewards, boolean[] terminated, boolean[] truncated, int offset) {
        for (int k = 0; k < envs.length; k++) {
            Step step = envs[k].act(actions, actionOffset + k * actionWidth);
            rewards[offset + k] = step.reward();
            terminated[offset + k] = step.terminated();
            truncated[offset + k] = step.truncated() && !step.terminated();
            returns[k] += step.reward();
            lengths[k]++;
            if (step.done()) {
                finished.add(new Episode(returns[k], lengths[k]));
                returns[k] = 0;
                lengths[k] = 0;
                finalObservations[k] = step.observation();
                System.arraycopy(envs[k].reset(), 0, observations, k * observationSize, observationSize);
            } else {
                finalObservations[k] = null;
                System.arraycopy(step.observation(), 0, observations, k * observationSize, observationSize);
            }
        }
    }

    /** The last observation of the episode env {@code k} finished in the latest step, or null. */
    float[] finalObservation(int k) {
        return finalObservations[k];
    }

    /** Episodes finished since the last call. */
    public List<Episode> drainFinishedEpisodes() {
        List<Episode> list = List.copyOf(finished);
        finished.clear();
        return list;
    }
}

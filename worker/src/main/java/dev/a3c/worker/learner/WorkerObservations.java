package dev.a3c.worker.learner;

import dev.a3c.learning.normalization.MomentsAccumulator;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.normalization.ObservationStandardizer;

/**
 * A worker's side of standardized observations ({@code --standardize-observations}): the policy sees each
 * observation standardized by the moments that came with its weights, and the worker counts the moments of the
 * observations it acted on, to report them with the push of their rollout.
 */
public final class WorkerObservations {

    private final int size;
    private final MomentsAccumulator seen;
    private ObservationStandardizer standardizer;
    private float[] buffer = new float[0];

    public WorkerObservations(int size) {
        this.size = size;
        this.seen = new MomentsAccumulator(size);
        this.standardizer = new ObservationStandardizer(ObservationMoments.empty(size));
    }

    /** Standardizes by {@code moments} from now on (those of the weights just taken). */
    public void use(ObservationMoments moments) {
        if (moments.size() != size) {
            throw new IllegalArgumentException("moments of " + moments.size() + " values for observations of " + size);
        }
        standardizer = new ObservationStandardizer(moments);
    }

    public ObservationMoments moments() {
        return standardizer.moments();
    }

    /**
     * Counts {@code rows} observations the policy acts on and returns them standardized, in a buffer of this object's
     * that the next call overwrites.
     */
    float[] acted(float[] observations, int rows) {
        seen.add(observations, rows);
        if (buffer.length != rows * size) {
            buffer = new float[rows * size];
        }
        standardizer.standardize(observations, rows, buffer);
        return buffer;
    }

    /** A standardized copy of observations the policy only evaluates (bootstrap values), not counted. */
    float[] standardized(float[] observations) {
        return standardizer.standardized(observations);
    }

    /** The moments of the observations acted on since the last call. */
    public ObservationMoments drain() {
        return seen.drain();
    }
}

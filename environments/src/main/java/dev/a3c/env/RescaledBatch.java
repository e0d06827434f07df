package dev.a3c.env;

/** A batch whose observations are rescaled as {@link ObservationRescaling} rescales one environment's. */
public final class RescaledBatch implements BatchedEnvironment {

    private final BatchedEnvironment inner;
    private final ObservationScale scale;
    private final int observationSize;

    /** Values with finite bounds to [-1, 1]. */
    public RescaledBatch(BatchedEnvironment inner) {
        this(inner, ObservationRange.SYMMETRIC);
    }

    /** Values with finite bounds to {@code range}. */
    public RescaledBatch(BatchedEnvironment inner, ObservationRange range) {
        this.inner = inner;
        this.scale = new ObservationScale(inner.spec(), range);
        this.observationSize = inner.spec().observationSize();
    }

    @Override
    public EnvironmentSpec spec() {
        return inner.spec();
    }

    @Override
    public int size() {
        return inner.size();
    }

    @Override
    public void reset(long[] seeds, float[] observations) {
        inner.reset(seeds, observations);
        rescaleAll(observations);
    }

    @Override
    public void step(float[] actions, int actionOffset, float[] observations, double[] rewards, boolean[] terminated,
                     boolean[] truncated, int offset, float[][] finalObservations) {
        inner.step(actions, actionOffset, observations, rewards, terminated, truncated, offset, finalObservations);
        rescaleAll(observations);
        for (int k = 0; k < finalObservations.length; k++) {
            if (finalObservations[k] != null) {
                finalObservations[k] = scale.rescaled(finalObservations[k]);
            }
        }
    }

    @Override
    public void close() {
        inner.close();
    }

    private void rescaleAll(float[] observations) {
        for (int k = 0; k < inner.size(); k++) {
            scale.apply(observations, k * observationSize);
        }
    }
}

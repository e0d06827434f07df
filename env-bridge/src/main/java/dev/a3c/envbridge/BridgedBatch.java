package dev.a3c.envbridge;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.BatchedEnvironment;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.proto.envbridge.StepResponse;

/** A worker's K environments in a bridge: one call steps them all. */
final class BridgedBatch implements BatchedEnvironment {

    private final BridgeSession session;
    private final ActionSpace actions;
    private final int width;
    private final long[] discrete;
    private final double[] box;

    BridgedBatch(BridgeSession session) {
        this.session = session;
        this.actions = session.spec().actionSpace();
        this.width = actions.size();
        this.discrete = actions instanceof ActionSpace.Discrete ? new long[session.size()] : null;
        this.box = actions instanceof ActionSpace.Box ? new double[session.size() * width] : null;
    }

    @Override
    public EnvironmentSpec spec() {
        return session.spec();
    }

    @Override
    public int size() {
        return session.size();
    }

    @Override
    public void reset(long[] seeds, float[] observations) {
        session.reset(seeds, observations);
    }

    @Override
    public void step(float[] policyActions, int actionOffset, float[] observations, double[] rewards,
                     boolean[] terminated, boolean[] truncated, int offset, float[][] finalObservations) {
        int count = session.size();
        for (int k = 0; k < count; k++) {
            int at = actionOffset + k * width;
            if (discrete != null) {
                discrete[k] = (long) policyActions[at];
            } else {
                float[] a = ((ActionSpace.Box) actions).fromUnit(policyActions, at);
                for (int j = 0; j < width; j++) {
                    box[k * width + j] = a[j];
                }
            }
        }
        StepResponse response = session.step(discrete, box);
        Batches.read(response.getObservations(), observations, 0);
        for (int k = 0; k < count; k++) {
            rewards[offset + k] = response.getRewards(k);
            terminated[offset + k] = response.getTerminated(k);
            truncated[offset + k] = response.getTruncated(k) && !response.getTerminated(k);
            finalObservations[k] = null;
        }
        int size = session.observationSize();
        float[] finals = new float[response.getFinishedCount() * size];
        if (finals.length > 0) {
            Batches.read(response.getFinalObservations(), finals, 0);
        }
        for (int i = 0; i < response.getFinishedCount(); i++) {
            int k = response.getFinished(i);
            if (k < 0 || k >= count) {
                throw new IllegalStateException("the bridge reported environment " + k + " of " + count + " finished");
            }
            finalObservations[k] = java.util.Arrays.copyOfRange(finals, i * size, (i + 1) * size);
        }
    }

    /** Environment {@code index}'s current RGB frame (a session opened for rendering). */
    dev.a3c.env.RgbFrameSource.Frame render(int index) {
        return session.render(index);
    }

    @Override
    public void close() {
        session.close();
    }
}

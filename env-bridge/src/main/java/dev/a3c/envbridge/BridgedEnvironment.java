package dev.a3c.envbridge;

import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.RgbFrameSource;
import dev.a3c.env.Step;

/**
 * One Gymnasium environment in a bridge, as an {@link Environment} (for evaluation and replays, which draw its own
 * frames). The bridge resets an ended episode within the step; {@link #reset()} then hands out that reset's
 * observation.
 */
final class BridgedEnvironment implements Environment, RgbFrameSource, AutoCloseable {

    private final BridgedBatch batch;
    private final int size;
    private final float[] observation;
    private final float[] action;
    private final double[] reward = new double[1];
    private final boolean[] terminated = new boolean[1];
    private final boolean[] truncated = new boolean[1];
    private final float[][] finalObservation = new float[1][];
    private boolean resetPending;

    BridgedEnvironment(BridgedBatch batch) {
        this.batch = batch;
        this.size = batch.spec().observationSize();
        this.observation = new float[size];
        this.action = new float[batch.spec().actionSpace().size()];
    }

    @Override
    public EnvironmentSpec spec() {
        return batch.spec();
    }

    @Override
    public float[] reset(long seed) {
        batch.reset(new long[] {seed}, observation);
        resetPending = false;
        return observation.clone();
    }

    @Override
    public float[] reset() {
        if (!resetPending) {
            batch.reset(new long[0], observation);
        }
        resetPending = false;
        return observation.clone();
    }

    @Override
    public Step step(int a) {
        action[0] = a;
        return act(action, 0);
    }

    @Override
    public Step step(float[] a) {
        // already in the action box: map it to the unit box, which the batch maps back
        EnvironmentSpec spec = batch.spec();
        var box = (dev.a3c.env.ActionSpace.Box) spec.actionSpace();
        for (int j = 0; j < action.length; j++) {
            double low = box.low().get(j);
            double high = box.high().get(j);
            action[j] = (float) (2 * (a[j] - low) / (high - low) - 1);
        }
        return act(action, 0);
    }

    @Override
    public Step act(float[] actions, int offset) {
        batch.step(actions, offset, observation, reward, terminated, truncated, 0, finalObservation);
        boolean ended = finalObservation[0] != null;
        resetPending = ended;
        float[] next = ended ? finalObservation[0] : observation.clone();
        // one environment plays whole games: a lost life (terminated for learning, the game going on) is no end here
        return new Step(next, reward[0], terminated[0] && ended, truncated[0]);
    }

    /** The current frame, as Gymnasium's {@code render()} draws it (a session opened for rendering). */
    @Override
    public Frame frame() {
        return batch.render(0);
    }

    @Override
    public void close() {
        batch.close();
    }
}

package dev.a3c.env;

/**
 * Gymnasium's TimeLimit wrapper: an episode that reaches {@code maxEpisodeSteps} without
 * terminating is truncated.
 */
public final class TimeLimit implements Environment {

    private final Environment inner;
    private final EnvironmentSpec spec;
    private int elapsed;

    public TimeLimit(Environment inner, int maxEpisodeSteps) {
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("max episode steps must be >= 1, got " + maxEpisodeSteps);
        }
        this.inner = inner;
        this.spec = inner.spec().withMaxEpisodeSteps(maxEpisodeSteps);
    }

    @Override
    public EnvironmentSpec spec() {
        return spec;
    }

    @Override
    public Environment unwrapped() {
        return inner.unwrapped();
    }

    @Override
    public float[] reset(long seed) {
        elapsed = 0;
        return inner.reset(seed);
    }

    @Override
    public float[] reset() {
        elapsed = 0;
        return inner.reset();
    }

    @Override
    public Step step(int action) {
        return count(inner.step(action));
    }

    @Override
    public Step step(float[] action) {
        return count(inner.step(action));
    }

    private Step count(Step step) {
        elapsed++;
        if (elapsed >= spec.maxEpisodeSteps() && !step.truncated()) {
            return new Step(step.observation(), step.reward(), step.terminated(), true);
        }
        return step;
    }
}

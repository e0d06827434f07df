package dev.a3c.common.env;

/**
 * What a learner needs to know about an environment before it sees one.
 *
 * @param id the Gymnasium-style id, e.g. {@code CartPole-v1}
 * @param observationSize length of the flat observation vector
 * @param actionCount number of discrete actions
 * @param maxEpisodeSteps the time limit after which an episode is truncated
 * @param rewardThreshold the 100-episode average return at which the task counts as solved
 */
public record EnvironmentSpec(
        String id, int observationSize, int actionCount, int maxEpisodeSteps, double rewardThreshold) {

    public EnvironmentSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("environment id must not be blank");
        }
        if (observationSize < 1 || actionCount < 1 || maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("invalid spec for " + id);
        }
    }

    public EnvironmentSpec withMaxEpisodeSteps(int steps) {
        return new EnvironmentSpec(id, observationSize, actionCount, steps, rewardThreshold);
    }
}

package dev.a3c.env;

import java.util.List;

/**
 * What a learner needs to know about an environment before it sees one.
 *
 * @param id the Gymnasium-style id, e.g. {@code CartPole-v1}
 * @param observationShape the observation's shape (a vector: one number; MinAtar grids: rows, columns, channels);
 *                         observations travel flat, in c order
 * @param actionSpace discrete choices or a continuous box
 * @param maxEpisodeSteps the time limit after which an episode is truncated
 * @param rewardThreshold the 100-episode average return at which the task counts as solved, or null when none is
 *                        defined (Pendulum-v1)
 * @param observationLow the observation space's lower bounds (Gymnasium's, per value; infinite where unbounded), or
 *                       null when not declared
 * @param observationHigh the upper bounds, likewise
 * @param rewardRange the bounds of one step's reward, as the environment's rules give them ({@link RewardRange#UNBOUNDED}
 *                    where they give none)
 */
public record EnvironmentSpec(
        String id, List<Integer> observationShape, ActionSpace actionSpace, int maxEpisodeSteps, Double rewardThreshold,
        List<Double> observationLow, List<Double> observationHigh, RewardRange rewardRange) {

    /** A spec without a declared reward range. */
    public EnvironmentSpec(String id, List<Integer> observationShape, ActionSpace actionSpace, int maxEpisodeSteps,
                           Double rewardThreshold, List<Double> observationLow, List<Double> observationHigh) {
        this(id, observationShape, actionSpace, maxEpisodeSteps, rewardThreshold, observationLow, observationHigh,
                RewardRange.UNBOUNDED);
    }

    /** A spec without declared observation bounds. */
    public EnvironmentSpec(String id, List<Integer> observationShape, ActionSpace actionSpace, int maxEpisodeSteps,
                           Double rewardThreshold) {
        this(id, observationShape, actionSpace, maxEpisodeSteps, rewardThreshold, null, null);
    }

    public EnvironmentSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("environment id must not be blank");
        }
        observationShape = List.copyOf(observationShape);
        if (observationShape.isEmpty() || observationShape.stream().anyMatch(d -> d < 1) || actionSpace == null
                || maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("invalid spec for " + id);
        }
        if (rewardRange == null) {
            throw new IllegalArgumentException(id + ": the reward range must be set (RewardRange.UNBOUNDED when unknown)");
        }
        if ((observationLow == null) != (observationHigh == null)) {
            throw new IllegalArgumentException(id + ": give both observation bounds or neither");
        }
        if (observationLow != null) {
            observationLow = List.copyOf(observationLow);
            observationHigh = List.copyOf(observationHigh);
            int size = observationShape.stream().reduce(1, (a, b) -> a * b);
            if (observationLow.size() != size || observationHigh.size() != size) {
                throw new IllegalArgumentException(id + ": observation bounds need " + size + " values");
            }
            for (int i = 0; i < size; i++) {
                if (!(observationLow.get(i) < observationHigh.get(i))) {
                    throw new IllegalArgumentException(id + ": observation bound " + i + " has low >= high");
                }
            }
        }
    }

    /** This spec with the observation space's bounds. */
    public EnvironmentSpec withObservationBounds(List<Double> low, List<Double> high) {
        return new EnvironmentSpec(id, observationShape, actionSpace, maxEpisodeSteps, rewardThreshold, low, high,
                rewardRange);
    }

    /** This spec with the bounds of one step's reward. */
    public EnvironmentSpec withRewardRange(double low, double high) {
        return new EnvironmentSpec(id, observationShape, actionSpace, maxEpisodeSteps, rewardThreshold, observationLow,
                observationHigh, new RewardRange(low, high));
    }

    /** A vector-observation, discrete-action environment. */
    public static EnvironmentSpec discrete(String id, int observationSize, int actions, int maxEpisodeSteps,
                                           Double rewardThreshold) {
        return new EnvironmentSpec(id, List.of(observationSize), new ActionSpace.Discrete(actions), maxEpisodeSteps,
                rewardThreshold);
    }

    /** The number of values in one observation. */
    public int observationSize() {
        return observationShape.stream().reduce(1, (a, b) -> a * b);
    }

    public boolean hasDiscreteActions() {
        return actionSpace instanceof ActionSpace.Discrete;
    }

    /**
     * The number of discrete actions.
     *
     * @throws IllegalStateException for a continuous action space
     */
    public int actionCount() {
        if (actionSpace instanceof ActionSpace.Discrete d) {
            return d.n();
        }
        throw new IllegalStateException(id + " has continuous actions " + actionSpace);
    }

    public EnvironmentSpec withMaxEpisodeSteps(int steps) {
        return new EnvironmentSpec(id, observationShape, actionSpace, steps, rewardThreshold, observationLow,
                observationHigh, rewardRange);
    }
}

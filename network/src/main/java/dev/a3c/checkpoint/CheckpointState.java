package dev.a3c.checkpoint;

import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import java.util.List;

/**
 * The counters saved next to the network and optimizer state.
 *
 * @param version weights version (number of applied updates since the run began)
 * @param envSteps global environment steps
 * @param episodes finished episodes
 * @param recentReturns the returns of up to the last 100 episodes, oldest first
 * @param bestAverageReturn best 100-episode moving average seen, or null before the first episode
 * @param optimizerSteps steps taken by the optimizer (Adam's bias correction needs it)
 * @param wallSeconds training wall time accumulated before this checkpoint
 * @param config the run's configuration
 * @param observationMoments the moments of every observation the workers saw, by which the network's inputs are
 *                           standardized ({@code --standardize-observations}); null when they are not
 */
public record CheckpointState(
        long version,
        long envSteps,
        long episodes,
        List<Double> recentReturns,
        Double bestAverageReturn,
        long optimizerSteps,
        double wallSeconds,
        TrainingConfig config,
        ObservationMoments observationMoments) {

    public CheckpointState {
        recentReturns = List.copyOf(recentReturns);
    }

    /**
     * The moments the network's inputs are standardized by: null for a run that does not standardize observations.
     *
     * @throws IllegalArgumentException when the run standardizes them but this state holds no moments
     */
    public ObservationMoments inputMoments() {
        if (!config.environment().standardizeObservations()) {
            return null;
        }
        if (observationMoments == null) {
            throw new IllegalArgumentException("the run standardizes observations, but the file holds no moments");
        }
        return observationMoments;
    }
}

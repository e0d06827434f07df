package dev.a3c.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.worker.client.IncompatibleServerException;
import dev.a3c.worker.client.ParameterServerClient;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalLearner}'s entropy weight follows the run's schedule, counting steps by the model's version; with
 * standardized observations it takes the moments that come with the weights and reports the observations it saw.
 */
class LocalLearnerTest {

    private static LocalLearner learner(String options) {
        TrainingConfig config = TrainingConfig.of("CartPole-v1", options);
        ParameterServerClient.Registration reg = new ParameterServerClient.Registration(1, 0, config,
                config.networkSpec(), "test", config.networkSpec().parameterCount(), 0);
        return new LocalLearner(reg, new ParameterServerClient.Weights(0, null, false));
    }

    private static double at(LocalLearner learner, long version) {
        learner.restart(new ParameterServerClient.Weights(version, null, false));
        return learner.entropyCoef();
    }

    @Test
    void anAnnealedEntropyWeightFallsLinearlyWithTheRunsSteps() {
        // K 8 x T 5 = 40 steps an update: 200 updates are half of 16,000 steps
        try (LocalLearner learner = learner("--entropy-coef 0.01 --anneal-entropy --max-steps 16000"
                + " --envs-per-worker 8 --rollout-steps 5")) {
            assertEquals(0.01, at(learner, 0), 1e-12);
            assertEquals(0.005, at(learner, 200), 1e-12);
            assertEquals(0.0025, at(learner, 300), 1e-12);
            assertEquals(0.0, at(learner, 400), 1e-12);
            assertEquals(0.0, at(learner, 1000), 1e-12);
        }
    }

    @Test
    void withoutAnnealingTheWeightStays() {
        try (LocalLearner learner = learner("--entropy-coef 0.01 --max-steps 16000 --envs-per-worker 8 --rollout-steps 5")) {
            assertEquals(0.01, at(learner, 0), 1e-12);
            assertEquals(0.01, at(learner, 400), 1e-12);
        }
    }

    @Test
    void standardizesByTheMomentsThatCameWithTheWeightsAndReportsWhatItSaw() {
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--standardize-observations --envs-per-worker 4"
                + " --rollout-steps 5");
        ParameterServerClient.Registration reg = new ParameterServerClient.Registration(1, 0, config,
                config.networkSpec(), "test", config.networkSpec().parameterCount(), 0);
        byte[] weights = new byte[(int) config.networkSpec().parameterCount() * Float.BYTES];
        ObservationMoments first = ObservationMoments.empty(4);
        try (LocalLearner learner = new LocalLearner(reg, new ParameterServerClient.Weights(0,
                java.nio.ByteBuffer.wrap(weights), false, first))) {
            assertEquals(first, learner.moments());
            LocalLearner.Step step = learner.step(1);
            assertEquals(20, step.observations().count(), "4 environments x 5 steps");
            assertEquals(20, step.envSteps());

            ObservationMoments later = new ObservationMoments(20, new double[] {0, 0, 0, 1}, new double[] {1, 2, 3, 4});
            assertTrue(learner.adopt(new ParameterServerClient.Weights(1, java.nio.ByteBuffer.wrap(weights), false, later)));
            assertEquals(later, learner.moments());
            assertThrows(IncompatibleServerException.class, () -> learner.adopt(
                    new ParameterServerClient.Weights(2, java.nio.ByteBuffer.wrap(weights), false, null)),
                    "weights without their moments cannot be used");
        }
    }

    @Test
    void aRunThatDoesNotStandardizeReportsNoMoments() {
        try (LocalLearner learner = learner("--envs-per-worker 4 --rollout-steps 5")) {
            assertNull(learner.step(1).observations());
            assertNull(learner.moments());
        }
    }
}

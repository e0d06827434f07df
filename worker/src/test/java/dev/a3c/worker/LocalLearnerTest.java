package dev.a3c.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.a3c.config.TrainingConfig;
import dev.a3c.worker.client.ParameterServerClient;
import org.junit.jupiter.api.Test;

/** {@link LocalLearner}'s entropy weight follows the run's schedule, counting steps by the model's version. */
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
}

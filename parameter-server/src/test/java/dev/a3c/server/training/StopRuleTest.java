package dev.a3c.server.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.evaluation.Evaluation;
import org.junit.jupiter.api.Test;

class StopRuleTest {

    private static StopRule rule(String options) {
        TrainingConfig c = TrainingConfig.of("CartPole-v1", options);
        return new StopRule(c.schedule(), c.evaluation());
    }

    private static EpisodeStatistics episodes(int count, double eachReturn) {
        EpisodeStatistics e = new EpisodeStatistics();
        for (int i = 0; i < count; i++) {
            e.record(eachReturn);
        }
        return e;
    }

    private static Evaluation evaluation(int episodes, double mean) {
        return evaluation(episodes, mean, 1.0);
    }

    private static Evaluation evaluation(int episodes, double mean, double stderr) {
        return new Evaluation(1, 40, 12_000, 3.5, 7, episodes, mean, stderr, mean - 5, mean + 5);
    }

    @Test
    void trainingRuleNeedsAFullWindowOfEpisodesAtTheTarget() {
        StopRule train = rule("--stop-on train --target-return 475 --max-steps 1000000");
        assertNull(train.afterUpdate(episodes(99, 500), 10_000), "99 episodes are not a 100-episode average");
        assertNull(train.afterUpdate(episodes(100, 474.99), 10_000));
        assertEquals("target reached: 100-episode average 475.00 >= 475.00", train.afterUpdate(episodes(100, 475), 10_000));
        assertTrue(train.targetReached(episodes(100, 475), false));
        assertFalse(train.needsConfirmation(evaluation(100, 500)));
        assertNull(train.afterEvaluation(evaluation(100, 500), evaluation(100, 500)),
                "evaluations do not stop a run that stops on training");
    }

    @Test
    void theStepBudgetEndsEitherRule() {
        for (String stopOn : new String[] {"train", "eval"}) {
            StopRule r = rule("--stop-on " + stopOn + " --target-return 475 --max-steps 5000");
            assertNull(r.afterUpdate(episodes(0, 0), 4_999));
            assertEquals("step budget spent: 5000 >= 5000 env steps", r.afterUpdate(episodes(0, 0), 5_000));
        }
    }

    @Test
    void evaluationRuleNeedsAHundredEpisodesAtTheTarget() {
        StopRule eval = rule("--stop-on eval --target-return 475 --max-steps 1000000");
        assertNull(eval.afterUpdate(episodes(100, 500), 10_000), "the training average does not stop it");
        assertFalse(eval.targetReached(episodes(100, 500), false));
        assertFalse(eval.needsConfirmation(evaluation(99, 500)), "fewer than 100 episodes");
        assertFalse(eval.needsConfirmation(evaluation(100, 474.9)));
        assertTrue(eval.needsConfirmation(evaluation(100, 475)));
        assertNull(eval.afterEvaluation(evaluation(100, 475), null), "not yet confirmed on other episodes");
        assertNull(eval.afterEvaluation(evaluation(100, 480), evaluation(100, 474.9)), "not confirmed");
        assertNull(eval.afterEvaluation(evaluation(100, 474.9), evaluation(100, 480)), "the first did not reach it");
        assertEquals("target reached by evaluation: mean return 480.00, then 475.00 on other episodes, >= 475.00 over "
                + "100 episodes each of version 40", eval.afterEvaluation(evaluation(100, 480), evaluation(100, 475)));
        assertTrue(eval.targetReached(episodes(0, 0), true));
    }

    @Test
    void aStopConfidenceAsksTheConfirmationToExceedTheTargetByAMargin() {
        // z(0.95) = 1.6449; the difference of two 100-episode means with standard errors of 4 has one of 4 * sqrt(2)
        // = 5.657, so the confirmation must be at 200 + 1.6449 * 5.657 = 209.30
        StopRule sure = rule("--stop-on eval --target-return 200 --max-steps 1000000 --stop-confidence 0.95");
        assertTrue(sure.needsConfirmation(evaluation(100, 200)), "the first evaluation need only reach the target");
        assertNull(sure.afterEvaluation(evaluation(100, 230), evaluation(100, 209.25, 4)));
        assertFalse(sure.confirms(evaluation(100, 209.25, 4)));
        assertTrue(sure.confirms(evaluation(100, 209.35, 4)));
        assertEquals("target reached by evaluation: mean return 230.00, then 209.35 on other episodes, >= 200.00 + 9.30 "
                        + "(2.33 standard errors) over 100 episodes each of version 40",
                sure.afterEvaluation(evaluation(100, 230), evaluation(100, 209.35, 4)));
        assertTrue(sure.confirms(evaluation(100, 203.0, 1)), "a precise confirmation needs a small margin (2.33)");
        assertFalse(sure.confirms(evaluation(100, 202.0, 1)));
        StopRule atTarget = rule("--stop-on eval --target-return 200 --max-steps 1000000");
        assertTrue(atTarget.confirms(evaluation(100, 200, 40)), "the default: the confirmation at the target");
        assertFalse(atTarget.confirms(evaluation(100, 199.99, 0)));
    }

    @Test
    void stopConfidenceOutsideItsRangeIsRefused() {
        for (String p : new String[] {"0.4", "1", "0.99999"}) {
            assertThrows(IllegalArgumentException.class, () -> rule("--stop-on eval --stop-confidence " + p), p);
        }
    }

    @Test
    void withoutATargetOnlyTheBudgetEndsTraining() {
        StopRule none = rule("--stop-on eval --target-return none --max-steps 100");
        assertFalse(none.needsConfirmation(evaluation(100, 1e9)));
        assertNull(none.afterEvaluation(evaluation(100, 1e9), evaluation(100, 1e9)));
        assertFalse(none.targetReached(episodes(100, 1e9), false));
        StopRule train = rule("--stop-on train --target-return none --max-steps 100");
        assertNull(train.afterUpdate(episodes(100, 1e9), 99));
        assertFalse(train.targetReached(episodes(100, 1e9), false));
    }
}

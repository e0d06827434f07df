package dev.a3c.server.training;

import dev.a3c.config.EvaluationConfig;
import dev.a3c.config.ScheduleConfig;
import dev.a3c.server.evaluation.Evaluation;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * When training ends: the step budget; and the target return, reached by the 100-episode average of training
 * episodes ({@code --stop-on train}) or by an evaluation of at least {@link EvaluationConfig#EPISODES_TO_STOP}
 * episodes ({@code --stop-on eval}) confirmed by a second one of the same weights on other fresh episodes: the best of
 * many evaluations overstates its weights (each is a sample of 100 episodes), so the one that crosses the target is
 * played again before the run stops on it and delivers it.
 *
 * <p>How far above the target the confirmation must be is {@link EvaluationConfig#stopConfidence()}: the probability
 * that another evaluation of as many fresh episodes reaches the target, estimated from the confirmation alone (its
 * episodes are independent of the evaluation that prompted it). The difference of two such means has the standard
 * error {@code stderr * sqrt(2)}, so the confirmation must exceed the target by {@code z(P) * stderr * sqrt(2)}; at
 * 0.5, by nothing.
 */
final class StopRule {

    private final ScheduleConfig schedule;
    private final boolean onEvaluation;
    /** The standard normal quantile of the stop confidence: the margin in standard errors. */
    private final double z;

    StopRule(ScheduleConfig schedule, EvaluationConfig evaluation) {
        this.schedule = schedule;
        this.onEvaluation = evaluation.stopOn() == EvaluationConfig.StopRule.EVAL;
        this.z = new NormalDistribution().inverseCumulativeProbability(evaluation.stopConfidence());
    }

    /** Why training ends after these episodes and steps, or null while it goes on. */
    String afterUpdate(EpisodeStatistics episodes, long envSteps) {
        Double target = schedule.targetReturn();
        if (!onEvaluation && target != null && episodes.reached(target)) {
            return String.format("target reached: 100-episode average %.2f >= %.2f", episodes.average(), target);
        }
        if (envSteps >= schedule.maxSteps()) {
            return "step budget spent: " + envSteps + " >= " + schedule.maxSteps() + " env steps";
        }
        return null;
    }

    /** Whether this evaluation is to be confirmed on other fresh episodes: it would end training if it were. */
    boolean needsConfirmation(Evaluation e) {
        return onEvaluation && reachesTarget(e);
    }

    /**
     * Why this evaluation ends training, or null when it does not.
     *
     * @param confirmation the same weights' evaluation on other fresh episodes, or null when there was none
     */
    String afterEvaluation(Evaluation e, Evaluation confirmation) {
        if (!needsConfirmation(e) || confirmation == null || !confirms(confirmation)) {
            return null;
        }
        return String.format("target reached by evaluation: mean return %.2f, then %.2f on other episodes, >= %.2f%s "
                        + "over %d episodes each of version %d", e.mean(), confirmation.mean(), schedule.targetReturn(),
                z == 0 ? "" : String.format(" + %.2f (%.2f standard errors)", margin(confirmation), z * Math.sqrt(2)),
                e.episodes(), e.version());
    }

    /** Whether a confirmation reaches the target by the margin the stop confidence asks. */
    boolean confirms(Evaluation confirmation) {
        return reachesTarget(confirmation) && confirmation.mean() - schedule.targetReturn() >= margin(confirmation);
    }

    /** How far above the target a confirmation must be: z standard errors of the difference of two such means. */
    private double margin(Evaluation confirmation) {
        return z * confirmation.stderr() * Math.sqrt(2);
    }

    /**
     * Whether the run's rule counts the target as reached: by the training episodes' average, or (stopping on
     * evaluations) by whether an evaluation ended training.
     */
    boolean targetReached(EpisodeStatistics episodes, boolean endedByEvaluation) {
        if (onEvaluation) {
            return endedByEvaluation;
        }
        return schedule.targetReturn() != null && episodes.reached(schedule.targetReturn());
    }

    private boolean reachesTarget(Evaluation e) {
        return schedule.targetReturn() != null && e.episodes() >= EvaluationConfig.EPISODES_TO_STOP
                && e.mean() >= schedule.targetReturn();
    }
}

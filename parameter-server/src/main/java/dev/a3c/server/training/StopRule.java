package dev.a3c.server.training;

import dev.a3c.config.EvaluationConfig;
import dev.a3c.config.ScheduleConfig;
import dev.a3c.server.evaluation.Evaluation;

/**
 * When training ends: the step budget; and the target return, reached by the 100-episode average of training
 * episodes ({@code --stop-on train}) or by an evaluation of at least {@link EvaluationConfig#EPISODES_TO_STOP}
 * episodes ({@code --stop-on eval}) confirmed by a second one of the same weights on other fresh episodes: the best of
 * many evaluations overstates its weights (each is a sample of 100 episodes), so the one that crosses the target is
 * played again before the run stops on it and delivers it.
 */
final class StopRule {

    private final ScheduleConfig schedule;
    private final boolean onEvaluation;

    StopRule(ScheduleConfig schedule, EvaluationConfig evaluation) {
        this.schedule = schedule;
        this.onEvaluation = evaluation.stopOn() == EvaluationConfig.StopRule.EVAL;
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
        if (!needsConfirmation(e) || confirmation == null || !reachesTarget(confirmation)) {
            return null;
        }
        return String.format("target reached by evaluation: mean return %.2f, then %.2f on other episodes, >= %.2f "
                        + "over %d episodes each of version %d", e.mean(), confirmation.mean(), schedule.targetReturn(),
                e.episodes(), e.version());
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

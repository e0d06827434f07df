package dev.a3c.config;

import java.util.Locale;

/**
 * How the server evaluates the global network beside training: every {@code every} it plays
 * {@code episodes} fresh episodes with the weights of one version, choosing actions by
 * {@code actions}, and keeps the best model so far; {@code stopOn} says whether training stops on
 * the moving average of training episodes ({@link StopRule#TRAIN}) or on an evaluation
 * ({@link StopRule#EVAL}), an evaluation confirmed with {@code stopConfidence}.
 */
public record EvaluationConfig(
        @Setting(flag = "eval-episodes", label = "N", doc = "Fresh episodes the server plays with the global weights at "
                + "each evaluation; 0 turns evaluation off.")
        int episodes,
        @Setting(flag = "eval-actions", label = "greedy|sample", doc = "Evaluate with the most probable action or with "
                + "actions sampled as in training.")
        ActionSelection actions,
        @Setting(flag = "eval-every", label = "SECONDSs|UPDATES", doc = "How often to evaluate: '30s' (wall time) or "
                + "'500' (updates).")
        Interval every,
        @Setting(label = "train|eval", doc = "Compare --target-return with the moving average of training episodes "
                + "(train) or with an evaluation of at least 100 fresh episodes (eval), which is played again on "
                + "other fresh episodes and stops training when that reaches it too.")
        StopRule stopOn,
        @Setting(label = "P", doc = "With --stop-on eval: how likely the confirmation must make it that another "
                + "evaluation of as many fresh episodes would reach --target-return too. The confirmation's mean must "
                + "exceed the target by z(P) standard errors of the difference of two such means; 0.5: by nothing.")
        double stopConfidence) {

    /** What the target return is compared with. */
    public enum StopRule {
        /** The moving average of the last 100 training episodes (the A3C seeds' rule). */
        TRAIN,
        /**
         * The mean of an evaluation over at least 100 fresh episodes of one version (Gymnasium's "solved"), confirmed
         * by a second evaluation of the same version on other fresh episodes.
         */
        EVAL
    }

    /** Episodes an evaluation needs for {@link StopRule#EVAL}: Gymnasium's 100 consecutive episodes. */
    public static final int EPISODES_TO_STOP = 100;

    /** {@link #stopConfidence} when a confirmation need only reach the target. */
    public static final double AT_TARGET = 0.5;

    /** 100 greedy episodes every 15 s; training stops on its moving average. */
    public static final EvaluationConfig DEFAULTS = new EvaluationConfig(100, ActionSelection.GREEDY,
            Interval.ofSeconds(15), StopRule.TRAIN, AT_TARGET);

    /** Evaluation off: training stops on its moving average, as before evaluations existed. */
    public static final EvaluationConfig OFF = new EvaluationConfig(0, ActionSelection.GREEDY,
            Interval.ofSeconds(15), StopRule.TRAIN, AT_TARGET);

    public EvaluationConfig {
        Checks.require(episodes >= 0 && episodes <= 100_000, "evaluation episodes must be in [0, 100000], got " + episodes);
        Checks.require(actions != null && every != null && stopOn != null, "invalid evaluation settings");
        Checks.require(stopOn != StopRule.EVAL || episodes >= EPISODES_TO_STOP, "--stop-on eval needs evaluations of at least "
                + EPISODES_TO_STOP + " episodes (--eval-episodes), got " + episodes);
        Checks.require(stopConfidence >= AT_TARGET && stopConfidence <= 0.9999, "--stop-confidence must be in [0.5, "
                + "0.9999], got " + stopConfidence);
    }

    public boolean enabled() {
        return episodes > 0;
    }

    /** One line for logs. */
    public String describe() {
        if (!enabled()) {
            return "evaluation off";
        }
        return String.format("%d %s episodes every %s, stop on %s%s", episodes, actions.name().toLowerCase(Locale.ROOT),
                every.inUpdates() ? every.updates() + " updates" : every.time().toMillis() / 1000.0 + " s",
                stopOn.name().toLowerCase(Locale.ROOT),
                stopOn == StopRule.EVAL && stopConfidence > AT_TARGET ? " (confidence " + stopConfidence + ")" : "");
    }
}

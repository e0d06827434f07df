package dev.a3c.common.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.a3c.common.eval.PolicyEvaluation;
import java.time.Duration;
import java.util.Locale;

/**
 * How the server evaluates the global network beside training: every {@code interval} of wall time
 * or every {@code intervalUpdates} updates (the other is zero), it plays {@code episodes} fresh
 * episodes with the weights of one version, choosing actions by {@code actions}, and keeps the best
 * model so far; {@code stopOn} says whether training stops on the moving average of training
 * episodes ({@link StopRule#TRAIN}) or on an evaluation ({@link StopRule#EVAL}).
 *
 * @param episodes episodes per evaluation; 0 turns evaluation off
 * @param actions greedy (the most probable action) or sampled as in training
 * @param interval wall time between evaluations, or zero when counted in updates
 * @param intervalUpdates updates between evaluations, or zero when counted in wall time
 * @param stopOn what the target return is compared with
 */
public record EvaluationConfig(int episodes, PolicyEvaluation.Mode actions, Duration interval, long intervalUpdates,
                               StopRule stopOn) {

    /** What the target return is compared with. */
    public enum StopRule {
        /** The moving average of the last 100 training episodes (the A3C seeds' rule). */
        TRAIN,
        /** The mean of an evaluation over at least 100 fresh episodes of one version (Gymnasium's "solved"). */
        EVAL;

        public static StopRule parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--stop-on must be train or eval, got '" + value + "'");
            }
        }
    }

    /** Episodes an evaluation needs for {@link StopRule#EVAL}: Gymnasium's 100 consecutive episodes. */
    public static final int EPISODES_TO_STOP = 100;

    public EvaluationConfig {
        if (episodes < 0 || episodes > 100_000) {
            throw new IllegalArgumentException("evaluation episodes must be in [0, 100000], got " + episodes);
        }
        if (actions == null || stopOn == null || interval == null || interval.isNegative() || intervalUpdates < 0) {
            throw new IllegalArgumentException("invalid evaluation settings");
        }
        if (episodes > 0 && interval.isZero() == (intervalUpdates == 0)) {
            throw new IllegalArgumentException("evaluate every so many seconds or every so many updates, not both");
        }
        if (stopOn == StopRule.EVAL && episodes < EPISODES_TO_STOP) {
            throw new IllegalArgumentException("--stop-on eval needs evaluations of at least " + EPISODES_TO_STOP
                    + " episodes (--eval-episodes), got " + episodes);
        }
    }

    /** Evaluation off: training stops on its moving average, as before evaluations existed. */
    public static final EvaluationConfig OFF = new EvaluationConfig(0, PolicyEvaluation.Mode.GREEDY, Duration.ZERO, 0,
            StopRule.TRAIN);

    /**
     * The defaults of an environment: 100 greedy episodes where they are cheap; fewer, less often,
     * where episodes are long or a step costs a network call through DL4J (MinAtar's convolutions).
     */
    public static EvaluationConfig defaults(String env) {
        if (env.startsWith("MinAtar/")) {
            return new EvaluationConfig(10, PolicyEvaluation.Mode.GREEDY, Duration.ofMinutes(5), 0, StopRule.TRAIN);
        }
        return switch (env) {
            // every 15 s: a 5M-step run takes about 2 minutes here, and its best policy can last less than one
            case "LunarLander-v3" -> new EvaluationConfig(20, PolicyEvaluation.Mode.GREEDY, Duration.ofSeconds(15), 0,
                    StopRule.TRAIN);
            // its policies throttle by noise: the mean action lands worse than the policy as trained (README)
            case "LunarLanderContinuous-v3" -> new EvaluationConfig(20, PolicyEvaluation.Mode.SAMPLE,
                    Duration.ofSeconds(15), 0, StopRule.TRAIN);
            case "CartPole-v1" -> new EvaluationConfig(100, PolicyEvaluation.Mode.GREEDY, Duration.ofSeconds(5), 0,
                    StopRule.TRAIN);
            // a run can reach its training average of -100 with a greedy policy that never swings up (-500 on fresh
            // episodes, sampled -137): stop on 100 fresh sampled episodes instead (README, "The delivered model")
            case "Acrobot-v1" -> new EvaluationConfig(100, PolicyEvaluation.Mode.SAMPLE, Duration.ofSeconds(5), 0,
                    StopRule.EVAL);
            default -> new EvaluationConfig(100, PolicyEvaluation.Mode.GREEDY, Duration.ofSeconds(15), 0, StopRule.TRAIN);
        };
    }

    @JsonIgnore
    public boolean enabled() {
        return episodes > 0;
    }

    /** {@code --eval-every}: {@code 30s} (seconds) or {@code 500} (updates). */
    public static EvaluationConfig withEvery(EvaluationConfig base, String every) {
        String v = every.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("s")) {
                double seconds = Double.parseDouble(v.substring(0, v.length() - 1));
                if (!(seconds > 0)) {
                    throw new NumberFormatException();
                }
                return new EvaluationConfig(base.episodes, base.actions, Duration.ofMillis(Math.round(seconds * 1000)), 0,
                        base.stopOn);
            }
            long updates = Long.parseLong(v.endsWith("u") ? v.substring(0, v.length() - 1) : v);
            if (updates < 1) {
                throw new NumberFormatException();
            }
            return new EvaluationConfig(base.episodes, base.actions, Duration.ZERO, updates, base.stopOn);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--eval-every must be seconds ('30s') or updates ('500'), got '" + every + "'");
        }
    }

    /** One line for logs. */
    public String describe() {
        if (!enabled()) {
            return "evaluation off";
        }
        return String.format("%d %s episodes every %s, stop on %s", episodes, actions.name().toLowerCase(Locale.ROOT),
                intervalUpdates > 0 ? intervalUpdates + " updates" : interval.toMillis() / 1000.0 + " s",
                stopOn.name().toLowerCase(Locale.ROOT));
    }
}

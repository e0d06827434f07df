package dev.a3c.config;

import java.time.Duration;

/** How long a run lasts, where its randomness starts, and how often it is saved. */
public record ScheduleConfig(
        @Setting(label = "STEPS", doc = "Global environment-step budget.")
        long maxSteps,
        @Setting(label = "R|none", doc = "Stop when the 100-episode average return (or an evaluation, see --stop-on) "
                + "reaches R; 'none' never stops early. The default is the environment's reward threshold.")
        Double targetReturn,
        @Setting(doc = "Base seed; the worker of rank r uses seed + r.")
        long seed,
        @Setting(label = "DURATION", doc = "Time between periodic checkpoints: seconds ('30', '30s'), minutes ('5m') "
                + "or hours ('1h').")
        Duration checkpointInterval) {

    public ScheduleConfig {
        Checks.require(maxSteps >= 1, "max steps must be >= 1, got " + maxSteps);
        Checks.require(targetReturn == null || Double.isFinite(targetReturn), "target return must be finite, got " + targetReturn);
        Checks.require(checkpointInterval != null && !checkpointInterval.isNegative() && !checkpointInterval.isZero(),
                "checkpoint interval must be positive");
    }

    /** 3M env steps, seed 1, a checkpoint every 30 s, and the given target. */
    public static ScheduleConfig of(Double targetReturn) {
        return new ScheduleConfig(3_000_000L, targetReturn, 1L, Duration.ofSeconds(30));
    }
}

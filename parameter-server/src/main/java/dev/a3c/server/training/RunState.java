package dev.a3c.server.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The state of a run, in one schema: what {@code /status} answers, what the dashboard's headline
 * shows, and what {@code summary.json} holds at the end. The {@code eval_*} fields are the latest
 * evaluation (at the end of a finished run: the final model's), the {@code best_eval_*} ones those
 * of {@code best-model.zip}; null before there is one.
 */
public record RunState(
        String env,
        long version,
        @JsonProperty("env_steps") long envSteps,
        @JsonProperty("max_steps") long maxSteps,
        long updates,
        long episodes,
        @JsonProperty("avg_return_100") Double avgReturn100,
        @JsonProperty("best_avg_return_100") Double bestAvgReturn100,
        @JsonProperty("target_return") Double targetReturn,
        @JsonProperty("reached_target") boolean reachedTarget,
        @JsonProperty("stop_on") String stopOn,
        @JsonProperty("active_workers") int activeWorkers,
        @JsonProperty("envs_per_worker") int envsPerWorker,
        boolean finished,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("steps_per_second") double stepsPerSecond,
        @JsonProperty("eval_mean_return") Double evalMeanReturn,
        @JsonProperty("eval_stderr_return") Double evalStderrReturn,
        @JsonProperty("eval_episodes") Integer evalEpisodes,
        @JsonProperty("eval_version") Long evalVersion,
        @JsonProperty("eval_actions") String evalActions,
        @JsonProperty("best_eval_mean_return") Double bestEvalMeanReturn,
        @JsonProperty("best_eval_stderr_return") Double bestEvalStderrReturn,
        @JsonProperty("best_eval_version") Long bestEvalVersion,
        @JsonProperty("best_eval_seed") Long bestEvalSeed,
        List<WorkerStatus> workers) {

    public RunState {
        workers = List.copyOf(workers);
    }

    /** Workers registered now or before (active, left or expired, as long as the server keeps them). */
    @JsonProperty("known_workers")
    public int knownWorkers() {
        return workers.size();
    }

    /** The same state with this stop reason where it has none (a run that was shut down before it finished). */
    public RunState withStopReasonIfMissing(String reason) {
        return stopReason != null ? this : new RunState(env, version, envSteps, maxSteps, updates, episodes, avgReturn100,
                bestAvgReturn100, targetReturn, reachedTarget, stopOn, activeWorkers, envsPerWorker, finished, reason,
                wallSeconds, stepsPerSecond, evalMeanReturn, evalStderrReturn, evalEpisodes, evalVersion, evalActions,
                bestEvalMeanReturn, bestEvalStderrReturn, bestEvalVersion, bestEvalSeed, workers);
    }
}

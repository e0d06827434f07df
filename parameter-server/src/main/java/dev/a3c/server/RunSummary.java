package dev.a3c.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code summary.json}: what a run achieved. The {@code eval_*} fields are the latest evaluation
 * (at the end of a finished run: the final model's), the {@code best_eval_*} ones those of
 * {@code best-model.zip}.
 */
public record RunSummary(
        String env,
        List<Worker> workers,
        @JsonProperty("envs_per_worker") int envsPerWorker,
        @JsonProperty("env_steps") long envSteps,
        long updates,
        long episodes,
        @JsonProperty("wall_seconds") double wallSeconds,
        @JsonProperty("steps_per_second") double stepsPerSecond,
        @JsonProperty("final_avg_return_100") Double finalAvgReturn100,
        @JsonProperty("best_avg_return_100") Double bestAvgReturn100,
        @JsonProperty("target_return") Double targetReturn,
        @JsonProperty("reached_target") boolean reachedTarget,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("stop_on") String stopOn,
        @JsonProperty("eval_mean_return") Double evalMeanReturn,
        @JsonProperty("eval_stderr_return") Double evalStderrReturn,
        @JsonProperty("eval_episodes") Integer evalEpisodes,
        @JsonProperty("eval_version") Long evalVersion,
        @JsonProperty("eval_actions") String evalActions,
        @JsonProperty("best_eval_mean_return") Double bestEvalMeanReturn,
        @JsonProperty("best_eval_stderr_return") Double bestEvalStderrReturn,
        @JsonProperty("best_eval_version") Long bestEvalVersion,
        @JsonProperty("best_eval_seed") Long bestEvalSeed) {

    /** A worker that took part. */
    public record Worker(int id, String host, long pid, long pushes, @JsonProperty("env_steps") long envSteps) {}

    static RunSummary of(TrainingSession session) {
        TrainingSession.Status s = session.status();
        Evaluation latest = session.latestEvaluation();
        Evaluation best = session.bestEvaluation();
        List<Worker> workers = s.workers().stream()
                .map(w -> new Worker(w.id(), w.host(), w.pid(), w.pushes(), w.envSteps()))
                .toList();
        return new RunSummary(session.config().environment().id(), workers, session.config().algorithm().envsPerWorker(), s.envSteps(),
                s.updates(), s.episodes(), s.wallSeconds(), s.wallSeconds() > 0 ? s.envSteps() / s.wallSeconds() : 0,
                s.avgReturn100(), s.bestAvgReturn100(), session.config().schedule().targetReturn(), session.reachedTarget(),
                s.stopReason() != null ? s.stopReason() : "server shut down",
                session.config().evaluation().stopOn().name().toLowerCase(java.util.Locale.ROOT),
                latest == null ? null : latest.mean(), latest == null ? null : latest.stderr(),
                latest == null ? null : latest.episodes(), latest == null ? null : latest.version(),
                session.config().evaluation().actions().name().toLowerCase(java.util.Locale.ROOT),
                best == null ? null : best.mean(), best == null ? null : best.stderr(),
                best == null ? null : best.version(), best == null ? null : best.seed());
    }
}

package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.config.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a parameter-server JVM and two worker JVMs on loopback, started by the
 * production code ({@link LocalCluster}, {@link JvmLauncher}) with this JVM's class path, train
 * CartPole-v1 to a 100-episode average of 195 within a fixed step budget.
 */
@Tag("integration")
class LocalClusterTrainingTest {

    private static final long BUDGET = 1_000_000;
    private static final int WORKERS = 2;
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(240);

    @Test
    void aServerAndTwoWorkerProcessesReachTheTargetWithinTheBudget(@TempDir Path runDir) throws Exception {
        // The surefire fork's class path must be enough to launch the children (see the report on
        // surefire's manifest-only jar).
        System.out.println("launching children with java.class.path = " + abbreviate(System.getProperty("java.class.path")));

        // A configuration file (the defaults) with flags on top, as `a3c train` passes it to the server.
        Path configFile = runDir.resolve("base-config.json");
        TrainingOptions.writeConfig(TrainingConfig.defaults("CartPole-v1"), configFile);
        List<String> serverArgs = List.of("--config", configFile.toString(), "--target-return", "195",
                "--max-steps", Long.toString(BUDGET));

        LocalCluster cluster = LocalCluster.start(runDir, serverArgs, WORKERS, Duration.ofSeconds(120));
        try {
            Set<Long> workerPids = cluster.workers().stream().map(w -> w.process.pid()).collect(Collectors.toSet());
            assertEquals(WORKERS, workerPids.size());

            boolean exited = cluster.server().process.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(exited, "the server did not finish within " + TRAINING_TIMEOUT.toSeconds() + " s; server log:\n"
                    + LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
            assertEquals(0, cluster.server().process.exitValue(), "server exit code; log:\n"
                    + LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
            assertTrue(cluster.awaitWorkers(Duration.ofSeconds(60)), "the workers stop by themselves once the server says so");
            for (LocalCluster.Child w : cluster.workers()) {
                assertEquals(0, w.process.exitValue(), w.name + " exit code; log:\n"
                        + LocalCluster.tail(runDir.resolve("logs/" + w.name + ".log"), 20));
            }

            JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
            System.out.println("summary.json: " + summary);
            assertTrue(summary.required("reached_target").asBoolean(), "reached_target; summary " + summary);
            assertTrue(summary.required("stop_reason").asText().startsWith("target reached"), summary.toString());
            assertEquals(195.0, summary.required("target_return").asDouble());
            assertTrue(summary.required("avg_return_100").asDouble() >= 195.0, summary.toString());
            assertTrue(summary.required("best_avg_return_100").asDouble() >= 195.0, summary.toString());

            long rollout = 16L * 5;
            long steps = summary.required("env_steps").asLong();
            assertTrue(steps > 0 && steps <= BUDGET + WORKERS * rollout, "env steps " + steps + " within the budget");

            JsonNode workers = summary.path("workers");
            assertEquals(WORKERS, workers.size(), summary.toString());
            Set<Long> reportedPids = new HashSet<>();
            long pushSteps = 0;
            for (JsonNode w : workers) {
                reportedPids.add(w.required("pid").asLong());
                assertTrue(w.required("pushes").asLong() > 0, "every worker contributed: " + w);
                pushSteps += w.required("env_steps").asLong();
            }
            assertEquals(workerPids, reportedPids, "the server lists the two worker processes, by pid");
            assertEquals(steps, pushSteps, "the workers' steps add up to the total");
            assertEquals(summary.required("updates").asLong(),
                    sum(workers, "pushes"), "one update per applied push");

            for (LocalCluster.Child w : cluster.workers()) {
                String log = Files.readString(runDir.resolve("logs/" + w.name + ".log"));
                assertTrue(log.contains("stopped: server says training is over"), w.name + " log:\n" + log);
            }
            assertEquals("", LogErrors.in(runDir.resolve("logs/server.log")), "errors in the server log");
            assertTrue(Files.exists(runDir.resolve("final-model.zip")));

            // the evaluator beside training: evaluations.csv, best-model.zip, the summary's fields, and the best
            // model's evaluation is what `a3c play` reports for the same seed and episodes
            List<String> evaluations = Files.readAllLines(runDir.resolve("evaluations.csv"));
            assertEquals("evaluation,version,env_steps,wall_seconds,seed,episodes,mean_return,stderr_return,min_return,"
                    + "max_return", evaluations.get(0));
            assertTrue(evaluations.size() >= 2, "at least the final model's evaluation: " + evaluations);
            assertTrue(Files.isRegularFile(runDir.resolve("best-model.zip")));
            assertEquals(100, summary.required("eval_episodes").asInt(), summary.toString());
            assertEquals(summary.required("updates").asLong(), summary.required("eval_version").asLong(),
                    "the last evaluation is the final model's");
            assertTrue(summary.required("best_eval_mean_return").asDouble() >= summary.required("eval_mean_return").asDouble());
            A3cCommandTest.Outcome played = A3cCommandTest.run("play", "--run-dir", runDir.toString(), "--episodes", "100",
                    "--seed", summary.required("best_eval_seed").asText());
            assertEquals(0, played.exitCode(), played.err());
            JsonNode play = new ObjectMapper().readTree(played.out().lines().reduce((a, b) -> b).orElseThrow());
            assertTrue(play.required("model").asText().endsWith("best-model.zip"), "play takes the best model: " + play);
            assertEquals(summary.required("best_eval_mean_return").asDouble(), play.required("mean_return").asDouble(), 0.0,
                    "play reproduces the best evaluation");
        } finally {
            cluster.close();
        }
    }

    private static long sum(JsonNode array, String field) {
        long total = 0;
        for (JsonNode n : array) {
            total += n.path(field).asLong();
        }
        return total;
    }

    private static String abbreviate(String classPath) {
        String[] entries = classPath.split(java.io.File.pathSeparator);
        return entries.length <= 3 ? classPath : entries[0] + " ... (" + entries.length + " entries)";
    }
}

package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.config.Json;
import dev.a3c.config.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code a3c train} run in-process (the server and a worker are child JVMs) with a tiny budget. */
@Tag("integration")
class TrainCommandTest {

    private static final long BUDGET = 20_000;

    @Test
    void trainWithOneWorkerLeavesACompleteRunFolder(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("run");
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("train", "--workers", "1", "--max-steps", Long.toString(BUDGET),
                "--target-return", "none", "--run-dir", runDir.toString(), "--checkpoint-interval", "2");
        System.out.println(outcome.out());
        assertEquals(0, outcome.exitCode(), "exit code; output:\n" + outcome.out() + outcome.err()
                + "\nserver log:\n" + LocalCluster.tail(runDir.resolve("logs/server.log"), 20));
        assertTrue(outcome.out().contains("done: step budget spent"), outcome.out());
        int httpPort = Json.mapper().readTree(runDir.resolve("server.json").toFile()).get("http_port").asInt();
        assertTrue(outcome.out().contains("dashboard: http://127.0.0.1:" + httpPort + "/\n"), outcome.out());

        for (String name : List.of("summary.json", "config.json", "final-model.zip", "metrics.csv", "episodes.csv",
                "processes.json")) {
            assertTrue(Files.isRegularFile(runDir.resolve(name)), name + " in " + list(runDir));
            assertTrue(Files.size(runDir.resolve(name)) > 0, name + " is not empty");
        }
        // the replay: one greedy episode of the delivered (best evaluated) model, as an animated GIF
        byte[] gif = Files.readAllBytes(runDir.resolve("replay.gif"));
        assertEquals("GIF89a", new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(outcome.out().contains("  replay: " + runDir.resolve("replay.gif")
                + " (one greedy episode of best-model.zip: return "), outcome.out());
        // both models' evaluations are printed
        assertTrue(outcome.out().contains("  final model: mean return "), outcome.out());
        assertTrue(outcome.out().contains("  best model, version "), outcome.out());
        assertTrue(Files.isRegularFile(runDir.resolve("best-model.zip")));
        for (String name : List.of("checkpoints", "logs")) {
            assertTrue(Files.isDirectory(runDir.resolve(name)), name + "/ in " + list(runDir));
        }
        try (Stream<Path> checkpoints = Files.list(runDir.resolve("checkpoints"))) {
            assertTrue(checkpoints.anyMatch(p -> p.getFileName().toString().matches("ckpt-\\d+\\.zip")),
                    "at least the final checkpoint");
        }
        assertTrue(Files.isRegularFile(runDir.resolve("logs/server.log")));
        assertTrue(Files.isRegularFile(runDir.resolve("logs/worker-0.log")));

        TrainingConfig config = TrainingConfig.fromJson(Files.readString(runDir.resolve("config.json")));
        assertEquals(BUDGET, config.schedule().maxSteps());
        assertNull(config.schedule().targetReturn());
        TrainingConfig expected = TrainingConfig.of("CartPole-v1", "--max-steps " + BUDGET
                + " --target-return none --checkpoint-interval 2s");
        assertEquals(expected, config, "config.json holds the defaults with the given flags");

        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(runDir.resolve("summary.json").toFile());
        long steps = summary.required("env_steps").asLong();
        assertTrue(steps >= BUDGET && steps <= BUDGET + 16 * 5, "env steps " + steps);
        assertFalse(summary.required("reached_target").asBoolean());
        assertTrue(summary.required("stop_reason").asText().startsWith("step budget spent"), summary.toString());
        assertEquals(1, summary.path("workers").size());

        List<String> metrics = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertTrue(metrics.get(0).startsWith("wall_seconds,env_steps,"), metrics.get(0));
        assertTrue(metrics.size() >= 2, "at least one row of metrics");
        List<String> episodes = Files.readAllLines(runDir.resolve("episodes.csv"));
        assertTrue(episodes.get(0).startsWith("episode,"), episodes.get(0));
        assertEquals(summary.required("episodes").asLong() + 1, episodes.size(), "one row per episode after the header");

        JsonNode processes = json.readTree(runDir.resolve("processes.json").toFile());
        assertEquals(2, processes.size(), processes.toString());
        Set<String> names = new HashSet<>();
        for (JsonNode p : processes) {
            names.add(p.required("name").asText());
            assertTrue(p.required("pid").asLong() > 0, p.toString());
            assertTrue(p.has("peak_rss_mb"), p.toString());
            assertTrue(p.required("peak_rss_mb").asLong() > 0, "peak RSS sampled: " + p);
            assertEquals(0, p.path("exit_code").asInt(-1), p.toString());
        }
        assertEquals(Set.of("server", "worker-0"), names);
        assertEquals(summary.path("workers").get(0).required("pid").asLong(),
                stream(processes).filter(p -> p.required("name").asText().equals("worker-0")).findFirst().orElseThrow()
                        .required("pid").asLong(), "the server's worker is the child process");
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        Stream.Builder<JsonNode> builder = Stream.builder();
        array.forEach(builder::add);
        return builder.build();
    }

    private static List<String> list(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

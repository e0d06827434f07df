package dev.a3c.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.config.TrainingConfig;
import dev.a3c.server.run.RunFolder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code a3c train}: the server and one worker JVM per core on this machine, with live progress. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train locally: starts a parameter server and N worker JVMs on loopback, shows progress, and "
                + "leaves a run folder with checkpoints, metrics, the final model, summary.json, a reward plot and a "
                + "replay GIF.")
final class TrainCommand implements Callable<Integer>, TrainingOptions.Configured {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    TrainingOptions training = new TrainingOptions();

    @Override
    public TrainingOptions training() {
        return training;
    }

    @Option(names = "--workers", paramLabel = "N", description = "Worker JVMs (default: the number of cores, ${DEFAULT-VALUE}).",
            defaultValue = "${sys:a3c.cores}")
    int workers;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run folder (default: runs/<env>-<date>-<time>).")
    Path runDir;

    @Option(names = "--resume", description = "Resume from the newest checkpoint in --run-dir.")
    boolean resume;

    static {
        System.setProperty("a3c.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (resume && runDir == null) {
            throw new IllegalArgumentException("--resume needs --run-dir");
        }
        TrainingConfig config = training.toConfig();
        Path dir = runDir != null ? runDir : Path.of("runs", config.environment().id().replace('/', '_') + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        Path configFile = dir.resolve("config.json");
        List<String> serverArgs = new ArrayList<>();
        if (resume && Files.isDirectory(dir.resolve("checkpoints"))) {
            serverArgs.add("--resume");
        }
        if (!serverArgs.contains("--resume") || !Files.exists(configFile)) {
            TrainingOptions.writeConfig(config, configFile);
        }
        serverArgs.addAll(List.of("--config", configFile.toString()));

        PrintStream out = System.out;
        out.printf("a3c train: %s, %d workers x %d envs, run folder %s%n", config.environment().id(), workers, config.algorithm().envsPerWorker(), dir);
        LocalCluster cluster = LocalCluster.start(dir, serverArgs, workers, Duration.ofSeconds(120));
        out.printf("dashboard: http://127.0.0.1:%d/%n", cluster.httpPort());
        Thread hook = new Thread(() -> {
            // Ctrl-C: every child gets SIGTERM (the server writes its final checkpoint and summary first)
            cluster.close();
            writeProcesses(cluster, dir);
            out.println();
            out.println("interrupted: all processes stopped; run folder " + dir.toAbsolutePath());
        }, "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit;
        try {
            exit = watch(cluster, config, out);
        } finally {
            cluster.close();
            writeProcesses(cluster, dir);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        Path summary = new RunFolder(dir).summary();
        if (Files.exists(summary)) {
            JsonNode s = JSON.readTree(summary.toFile());
            out.printf("done: %s%n  env steps %,d in %.1f s (%,.0f steps/s), %,d updates, %,d episodes%n"
                            + "  100-episode average %s (best %s), target %s: %s%n  run folder: %s%n",
                    s.path("stop_reason").asText(), s.path("env_steps").asLong(), s.path("wall_seconds").asDouble(),
                    s.path("steps_per_second").asDouble(), s.path("updates").asLong(), s.path("episodes").asLong(),
                    number(s.get("avg_return_100")), number(s.get("best_avg_return_100")),
                    number(s.get("target_return")), s.path("reached_target").asBoolean() ? "reached" : "not reached",
                    dir.toAbsolutePath());
            if (s.hasNonNull("eval_mean_return")) {
                out.printf("  final model: %s (%d %s episodes)%n  best model, version %d: %s -> %s%n",
                        meanAndError(s.get("eval_mean_return"), s.get("eval_stderr_return")),
                        s.path("eval_episodes").asInt(), s.path("eval_actions").asText(), s.path("best_eval_version").asLong(),
                        meanAndError(s.get("best_eval_mean_return"), s.get("best_eval_stderr_return")),
                        dir.resolve("best-model.zip"));
            }
        }
        if (exit == 0 && Files.isRegularFile(dir.resolve("final-model.zip"))) {
            try {
                RunReplay.Written replay = RunReplay.write(dir);
                out.printf("  replay: %s (one %s episode of %s: return %.1f, %d steps; %d frames)%n", replay.gif(),
                        replay.actions().name().toLowerCase(Locale.ROOT), replay.model().getFileName(),
                        replay.episodeReturn(), replay.length(), replay.frames());
            } catch (IOException | RuntimeException e) {
                out.println("  replay: not written (" + e + "); `a3c play --run-dir " + dir + " --gif FILE` draws one");
            }
        }
        return exit;
    }

    private static int watch(LocalCluster cluster, TrainingConfig config, PrintStream out) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI status = URI.create("http://127.0.0.1:" + cluster.httpPort() + "/status");
        ProgressLine progress = new ProgressLine(out, System.console() != null, config.schedule().maxSteps());
        boolean finished = false;
        while (cluster.serverAlive()) {
            cluster.sampleMemory();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode state = JSON.readTree(response.body());
                    progress.update(state);
                    finished = state.path("finished").asBoolean(false);
                }
            } catch (java.io.IOException e) {
                // the server is starting or stopping
            }
            // workers leave once training is over, while the server still evaluates and writes its outputs: only a
            // run that is not over has lost its workers
            if (!finished && cluster.aliveWorkers() == 0 && cluster.serverAlive()) {
                Thread.sleep(3000);
                if (cluster.serverAlive()) {
                    progress.finish();
                    out.println("all workers exited while the server still runs: stopping it; see "
                            + cluster.runDir().resolve("logs"));
                    cluster.server().process.destroy();
                    cluster.awaitServer();
                    return 1;
                }
            }
            Thread.sleep(1000);
        }
        progress.finish();
        int code = cluster.awaitServer();
        if (!cluster.awaitWorkers(Duration.ofSeconds(30))) {
            out.println("some workers did not stop by themselves; stopping them");
        }
        if (code != 0) {
            out.println("the parameter server exited with code " + code + "; see " + cluster.runDir().resolve("logs/server.log"));
        }
        return code == 0 ? 0 : 1;
    }

    private static void writeProcesses(LocalCluster cluster, Path dir) {
        List<Map<String, Object>> list = new ArrayList<>();
        List<LocalCluster.Child> all = new ArrayList<>();
        all.add(cluster.server());
        all.addAll(cluster.workers());
        for (LocalCluster.Child c : all) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", c.name);
            entry.put("pid", c.process.pid());
            entry.put("peak_rss_mb", Math.round(c.peakRssKb / 1024.0));
            entry.put("exit_code", c.process.isAlive() ? null : c.process.exitValue());
            list.add(entry);
        }
        try {
            RunFolder.writeAtomically(dir.resolve("processes.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String meanAndError(JsonNode mean, JsonNode stderr) {
        return String.format("mean return %.2f +- %.2f", mean.asDouble(), stderr == null ? 0 : stderr.asDouble());
    }

    private static String number(JsonNode node) {
        return node == null || node.isNull() ? "-" : String.format("%.2f", node.asDouble());
    }
}

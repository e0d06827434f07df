package dev.a3c.server.run;

import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.server.evaluation.Evaluation;
import dev.a3c.server.plot.RewardCurvePlot;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one training run:
 * <pre>
 *   config.json          the configuration
 *   checkpoints/         ckpt-&lt;version&gt;.zip, the newest few valid ones (each carries a SHA-256
 *                        checksum entry; see CheckpointFile)
 *   metrics.csv          one row per second: steps, updates, episodes, averages, throughput
 *   episodes.csv         one row per finished episode
 *   final-model.zip      the network at the end (DL4J format, with optimizer state and counters)
 *   best-model.zip       the network of the best evaluation so far, same format
 *   evaluations.csv      one row per evaluation of the global network
 *   summary.json         what the run achieved
 *   reward-curve.png     episode returns and their 100-episode average against steps and wall time
 *   server.json          where the server listens (written once it does)
 * </pre>
 */
public final class RunFolder {

    private static final Pattern CHECKPOINT = Pattern.compile("ckpt-(\\d+)\\.zip");

    private final Path root;
    private BufferedWriter episodes;
    private BufferedWriter metrics;

    public RunFolder(Path root) {
        this.root = root.toAbsolutePath();
        try {
            Files.createDirectories(checkpoints());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path config() {
        return root.resolve("config.json");
    }

    public Path summary() {
        return root.resolve("summary.json");
    }

    public Path finalModel() {
        return root.resolve("final-model.zip");
    }

    public Path bestModel() {
        return root.resolve("best-model.zip");
    }

    public Path evaluationsCsv() {
        return root.resolve("evaluations.csv");
    }

    public Path endpoint() {
        return root.resolve("server.json");
    }

    public Path metricsCsv() {
        return root.resolve("metrics.csv");
    }

    public Path episodesCsv() {
        return root.resolve("episodes.csv");
    }

    public Path rewardCurve() {
        return root.resolve(RewardCurvePlot.FILE_NAME);
    }

    public Path checkpoint(long version) {
        return checkpoints().resolve(String.format(Locale.ROOT, "ckpt-%012d.zip", version));
    }

    /** Checkpoints, newest (highest version) first. */
    public List<Path> checkpointsNewestFirst() {
        try (Stream<Path> files = Files.list(checkpoints())) {
            return files.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(RunFolder::versionOf).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The checkpoint with the highest version, not verified (a resume uses the newest valid one). */
    public Optional<Path> latestCheckpoint() {
        return checkpointsNewestFirst().stream().findFirst();
    }

    public static long versionOf(Path checkpoint) {
        Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Writes a small text file atomically and durably (temporary file, fsync, rename, fsync of the directory). */
    public static void writeAtomically(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            CheckpointFile.forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public synchronized void appendEpisode(TrainingSession.EpisodeRecord e) {
        try {
            if (episodes == null) {
                episodes = open(episodesCsv(), "episode,env_steps,wall_seconds,worker,return,length");
            }
            // hundreds of rows a second in some runs: built without a Formatter
            episodes.write(e.index() + "," + e.envSteps() + "," + threeDecimals(e.wallSeconds()) + "," + e.workerId()
                    + "," + e.episodeReturn() + "," + e.length() + System.lineSeparator());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {@code seconds} (not negative) with three decimals, as {@code %.3f} writes it. */
    static String threeDecimals(double seconds) {
        long millis = Math.round(seconds * 1000);
        long fraction = millis % 1000;
        return millis / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    public synchronized void appendMetrics(RunState s) {
        try {
            if (metrics == null) {
                metrics = open(metricsCsv(),
                        "wall_seconds,env_steps,updates,episodes,avg_return_100,best_avg_return_100,steps_per_second,active_workers");
            }
            metrics.write(String.format(Locale.ROOT, "%.3f,%d,%d,%d,%s,%s,%.1f,%d%n", s.wallSeconds(), s.envSteps(),
                    s.updates(), s.episodes(), s.avgReturn100() == null ? "" : s.avgReturn100(),
                    s.bestAvgReturn100() == null ? "" : s.bestAvgReturn100(), s.stepsPerSecond(), s.activeWorkers()));
            metrics.flush();
            if (episodes != null) {
                episodes.flush();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static final String EVALUATIONS_HEADER =
            "evaluation,version,env_steps,wall_seconds,seed,episodes,mean_return,stderr_return,min_return,max_return";

    /** Appends an evaluation to {@code evaluations.csv} and flushes it (evaluations are rare). */
    public synchronized void appendEvaluation(Evaluation e) {
        try (BufferedWriter writer = open(evaluationsCsv(), EVALUATIONS_HEADER)) {
            writer.write(String.format(Locale.ROOT, "%d,%d,%d,%.3f,%d,%d,%s,%s,%s,%s%n", e.index(), e.version(),
                    e.envSteps(), e.wallSeconds(), e.seed(), e.episodes(), e.mean(), e.stderr(), e.min(), e.max()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The evaluations in {@code evaluations.csv}, in order; rows that do not parse (a torn last line) are skipped. */
    public List<Evaluation> readEvaluations() {
        List<Evaluation> list = new java.util.ArrayList<>();
        try {
            CsvTable.read(evaluationsCsv(), List.of(EVALUATIONS_HEADER.split(",")), row -> list.add(new Evaluation(
                    row.getLong("evaluation"), row.getLong("version"), row.getLong("env_steps"),
                    row.getDouble("wall_seconds"), row.getLong("seed"), row.getInt("episodes"),
                    row.getDouble("mean_return"), row.getDouble("stderr_return"), row.getDouble("min_return"),
                    row.getDouble("max_return"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return list;
    }

    public synchronized void closeLogs() {
        try {
            if (episodes != null) {
                episodes.close();
                episodes = null;
            }
            if (metrics != null) {
                metrics.close();
                metrics = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedWriter open(Path file, String header) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            writer.write(header);
            writer.newLine();
        }
        return writer;
    }
}

package dev.a3c.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refills a resumed run's {@link TrainingHistory} from its run folder, so that the dashboard shows
 * the whole run after a restart: the training curve from {@code episodes.csv} (with the 100-episode
 * average recomputed by the server's own {@link EpisodeStatistics}) and the progress samples from {@code metrics.csv}.
 * Rows past the checkpoint's env-step count are left out: they were played before a crash, and the
 * resumed run plays that stretch again. Rows that do not parse (a line cut short by the crash) are
 * skipped.
 */
final class HistoryReplay {

    private static final Logger log = LoggerFactory.getLogger(HistoryReplay.class);

    /** What was replayed. */
    record Replayed(int episodes, int progressSamples) {}

    private HistoryReplay() {
    }

    static Replayed replay(RunFolder folder, long upToEnvSteps, TrainingHistory history) {
        EpisodeStatistics statistics = new EpisodeStatistics();
        int episodes = rows(folder.episodesCsv(), 6, upToEnvSteps, f -> {
            double episodeReturn = Double.parseDouble(f[4]);
            statistics.record(episodeReturn);
            history.episode(Long.parseLong(f[1]), episodeReturn, statistics.average());
        });
        int samples = rows(folder.metricsCsv(), 8, upToEnvSteps, f -> history.progress(Double.parseDouble(f[0]),
                Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[7])));
        if (episodes + samples > 0) {
            log.info("dashboard history replayed from the run folder: {} episodes, {} progress samples", episodes, samples);
        }
        return new Replayed(episodes, samples);
    }

    /** Feeds the rows of a CSV file that have {@code columns} fields and env steps (the second) in range. */
    private static int rows(Path csv, int columns, long upToEnvSteps, Consumer<String[]> row) {
        if (!Files.isRegularFile(csv)) {
            return 0;
        }
        int count = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String line = in.readLine();   // the header
            while ((line = in.readLine()) != null) {
                String[] fields = line.split(",", -1);
                if (fields.length != columns) {
                    continue;
                }
                try {
                    if (Long.parseLong(fields[1]) > upToEnvSteps) {
                        continue;
                    }
                    row.accept(fields);
                    count++;
                } catch (NumberFormatException e) {
                    // a line the crash cut short
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count;
    }
}

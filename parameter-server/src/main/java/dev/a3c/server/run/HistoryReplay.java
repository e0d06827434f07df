package dev.a3c.server.run;

import dev.a3c.server.training.EpisodeStatistics;
import dev.a3c.server.training.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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
public final class HistoryReplay {

    private static final Logger log = LoggerFactory.getLogger(HistoryReplay.class);

    /** What was replayed. */
    record Replayed(int episodes, int progressSamples) {}

    private HistoryReplay() {
    }

    public static Replayed replay(RunFolder folder, long upToEnvSteps, TrainingHistory history) {
        EpisodeStatistics statistics = new EpisodeStatistics();
        int[] counts = new int[2];
        try {
            CsvTable.read(folder.episodesCsv(), List.of("env_steps", "return"), row -> {
                long steps = row.getLong("env_steps");
                double episodeReturn = row.getDouble("return");
                if (steps <= upToEnvSteps) {
                    statistics.record(episodeReturn);
                    history.episode(steps, episodeReturn, statistics.average());
                    counts[0]++;
                }
            });
            CsvTable.read(folder.metricsCsv(), List.of("wall_seconds", "env_steps", "updates", "active_workers"), row -> {
                double wall = row.getDouble("wall_seconds");
                long steps = row.getLong("env_steps");
                long updates = row.getLong("updates");
                int workers = row.getInt("active_workers");
                if (steps <= upToEnvSteps) {
                    history.progress(wall, steps, updates, workers);
                    counts[1]++;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (counts[0] + counts[1] > 0) {
            log.info("dashboard history replayed from the run folder: {} episodes, {} progress samples", counts[0], counts[1]);
        }
        return new Replayed(counts[0], counts[1]);
    }
}

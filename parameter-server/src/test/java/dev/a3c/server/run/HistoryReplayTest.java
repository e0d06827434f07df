package dev.a3c.server.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.a3c.server.training.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resumed server's dashboard history, rebuilt from the run folder's CSV files. */
class HistoryReplayTest {

    @TempDir
    Path dir;

    @Test
    void episodesAndProgressUpToTheCheckpointAreReplayedWithTheMovingAverage() throws Exception {
        RunFolder folder = new RunFolder(dir);
        List<String> episodes = new ArrayList<>(List.of("episode,env_steps,wall_seconds,worker,return,length"));
        // 150 episodes with returns 1..150 at 10 env steps each, then 2 past the checkpoint and a line cut short
        for (int i = 1; i <= 152; i++) {
            episodes.add(i + "," + (10L * i) + ",0.5,7," + i + ".0,10");
        }
        episodes.add("153,1530,0.5,7,15");
        Files.write(folder.episodesCsv(), episodes);
        Files.write(folder.metricsCsv(), List.of(
                "wall_seconds,env_steps,updates,episodes,avg_return_100,best_avg_return_100,steps_per_second,active_workers",
                "1.000,500,5,50,25.5,,500.0,2",
                "2.000,1500,15,150,100.5,100.5,1000.0,3",
                "3.000,1510,16,151,101.5,101.5,10.0,3",   // past the checkpoint
                "4.000,15"));                            // cut short

        TrainingHistory history = new TrainingHistory(1000, 10);
        HistoryReplay.Replayed replayed = HistoryReplay.replay(folder, 1500, history);

        assertEquals(new HistoryReplay.Replayed(150, 2), replayed);
        TrainingHistory.Snapshot s = history.snapshot();
        assertEquals(150, s.curve().size());
        assertEquals(new TrainingHistory.EpisodePoint(10, 1, 1, 1, 1, 1), s.curve().get(0));
        // after 3 episodes: the average of 1, 2, 3; after 150: of 51..150
        assertEquals(2.0, s.curve().get(2).avgReturn100(), 1e-12);
        assertEquals(100.5, s.curve().get(149).avgReturn100(), 1e-12);
        assertEquals(1500, s.curve().get(149).envSteps());
        assertEquals(List.of(new TrainingHistory.ProgressPoint(1.0, 500, 5, 2, 0, 0),
                new TrainingHistory.ProgressPoint(2.0, 1500, 15, 3, 0, 0)), s.progress());
    }

    @Test
    void aRunFolderWithoutCsvFilesReplaysNothing() {
        TrainingHistory history = new TrainingHistory();
        assertEquals(new HistoryReplay.Replayed(0, 0), HistoryReplay.replay(new RunFolder(dir), 1000, history));
        assertEquals(0, history.snapshot().curve().size());
    }
}

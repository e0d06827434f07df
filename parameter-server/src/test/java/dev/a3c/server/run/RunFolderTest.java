package dev.a3c.server.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void wallSecondsAreWrittenAsPercentPointThreeFWouldWriteThem() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Double> values = new java.util.ArrayList<>(List.of(0.0, 0.0004, 0.0015, 0.01, 0.099, 0.9999, 1.0, 9.9995,
                12.345, 59.9996, 1234.5678, 86_400.001));
        for (int i = 0; i < 10_000; i++) {
            values.add(random.nextDouble(0, 100_000));
            values.add(Math.round(random.nextDouble(0, 3_600_000)) / 1000.0);
        }
        for (double seconds : values) {
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", seconds), RunFolder.threeDecimals(seconds),
                    "" + seconds);
        }
    }

    @Test
    void createsTheFolderLayout() {
        RunFolder folder = new RunFolder(dir.resolve("a/b/run"));
        assertTrue(Files.isDirectory(folder.checkpoints()));
        assertTrue(folder.root().isAbsolute());
        assertEquals(folder.root().resolve("summary.json"), folder.summary());
        assertEquals(folder.root().resolve("final-model.zip"), folder.finalModel());
        assertEquals(folder.root().resolve("metrics.csv"), folder.metricsCsv());
        assertEquals(folder.checkpoints().resolve("ckpt-000000000042.zip"), folder.checkpoint(42));
        assertEquals(Optional.empty(), folder.latestCheckpoint());
    }

    @Test
    void checkpointsAreOrderedNewestFirstByVersion() throws Exception {
        RunFolder folder = new RunFolder(dir);
        for (long v : new long[] {20, 5, 1000, 999}) {
            Files.writeString(folder.checkpoint(v), "x");
        }
        Path unpadded = folder.checkpoints().resolve("ckpt-7.zip");
        Files.writeString(unpadded, "x");
        // not checkpoints: temporary files, other names
        Files.writeString(folder.checkpoints().resolve("ckpt-000000005000.zip.tmp"), "x");
        Files.writeString(folder.checkpoints().resolve("notes.txt"), "x");
        Files.writeString(folder.checkpoints().resolve("ckpt-abc.zip"), "x");

        List<Path> ordered = folder.checkpointsNewestFirst();
        assertEquals(List.of(folder.checkpoint(1000), folder.checkpoint(999), folder.checkpoint(20), unpadded,
                folder.checkpoint(5)), ordered);
        assertEquals(Optional.of(folder.checkpoint(1000)), folder.latestCheckpoint());
        assertEquals(1000, RunFolder.versionOf(folder.checkpoint(1000)));
        assertEquals(-1, RunFolder.versionOf(Path.of("final-model.zip")));
    }

    @Test
    void writeAtomicallyReplacesTheFileAndLeavesNoTemporary() throws Exception {
        Path file = dir.resolve("summary.json");
        RunFolder.writeAtomically(file, "{\"a\":1}");
        assertEquals("{\"a\":1}", Files.readString(file));
        RunFolder.writeAtomically(file, "{\"b\":\"ü\"}");
        assertEquals("{\"b\":\"ü\"}", Files.readString(file));
        assertFalse(Files.exists(dir.resolve("summary.json.tmp")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void logsAppendAcrossRestartsWithOneHeader() throws Exception {
        RunFolder folder = new RunFolder(dir);
        RunState status = new RunState("CartPole-v1", 3, 60, 1000, 3, 2, 15.0, null, 475.0, false, "train", 1, 32, false,
                null, 1.5, 40.0, null, null, null, null, "greedy", null, null, null, null, List.of());
        folder.appendEpisode(new TrainingSession.EpisodeRecord(1, 20, 0.5, 0, 10.0, 10));
        folder.appendMetrics(status);
        folder.closeLogs();
        RunFolder again = new RunFolder(dir);
        again.appendEpisode(new TrainingSession.EpisodeRecord(2, 40, 0.7, 1, 20.0, 20));
        again.appendMetrics(status);
        again.closeLogs();

        List<String> metrics = Files.readAllLines(folder.metricsCsv());
        assertEquals(List.of(
                "wall_seconds,env_steps,updates,episodes,avg_return_100,best_avg_return_100,steps_per_second,active_workers",
                "1.500,60,3,2,15.0,,40.0,1",
                "1.500,60,3,2,15.0,,40.0,1"), metrics);
        List<String> episodes = Files.readAllLines(folder.episodesCsv());
        assertEquals(List.of("episode,env_steps,wall_seconds,worker,return,length", "1,20,0.500,0,10.0,10",
                "2,40,0.700,1,20.0,20"), episodes);
    }
}

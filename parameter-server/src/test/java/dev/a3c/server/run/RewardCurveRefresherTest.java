package dev.a3c.server.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.server.TestSupport;
import dev.a3c.server.plot.RewardCurvePlot;
import dev.a3c.server.training.TrainingSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardCurveRefresherTest {

    private final AtomicLong now = new AtomicLong();

    private static void episodes(RunFolder folder, int from, int to) {
        for (int e = from; e <= to; e++) {
            folder.appendEpisode(new TrainingSession.EpisodeRecord(e, 20L * e, 0.01 * e, 1, 10 + e, 20));
        }
        folder.closeLogs();   // flushed, as the server's one-second tick does
    }

    @Test
    void redrawsAfterCheckpointsAtMostOncePerIntervalAndAlwaysAtTheEnd(@TempDir Path dir) throws IOException {
        RunFolder folder = new RunFolder(dir.resolve("run"));
        RewardCurveRefresher refresher = new RewardCurveRefresher(folder, TestSupport.config(), now::get);
        assertFalse(refresher.refresh(), "no episode yet: nothing to draw");
        assertFalse(Files.exists(folder.rewardCurve()));

        episodes(folder, 1, 50);
        assertTrue(refresher.refresh());
        BufferedImage image = ImageIO.read(folder.rewardCurve().toFile());
        assertEquals(RewardCurvePlot.WIDTH, image.getWidth());
        assertEquals(2 * RewardCurvePlot.PANEL_HEIGHT, image.getHeight());

        now.addAndGet(RewardCurveRefresher.MIN_INTERVAL.toNanos() - 1);
        assertFalse(refresher.refresh(), "too soon after the last one");
        now.addAndGet(1);
        assertTrue(refresher.refresh());
        assertTrue(refresher.draw(), "the end of a run always draws");
        assertFalse(Files.exists(folder.root().resolve(RewardCurvePlot.FILE_NAME + ".tmp")));
    }

    @Test
    void aFailureToDrawIsLoggedNotThrown(@TempDir Path dir) throws IOException {
        RunFolder folder = new RunFolder(dir.resolve("run"));
        Files.writeString(folder.episodesCsv(), "not,an,episode,log\n");
        RewardCurveRefresher refresher = new RewardCurveRefresher(folder, TestSupport.config(), now::get);
        assertFalse(refresher.draw());
        assertFalse(Files.exists(folder.rewardCurve()));

        Files.delete(folder.episodesCsv());
        episodes(folder, 1, 5);
        Files.createDirectories(folder.rewardCurve());   // a directory where the plot should go: the move fails
        assertFalse(refresher.draw());
        assertTrue(Files.isDirectory(folder.rewardCurve()));
    }
}

package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.Json;
import dev.a3c.config.TrainingConfig;
import dev.a3c.server.plot.RewardCurvePlot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {

    private static Path runFolder(Path dir, int episodes) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        StringBuilder csv = new StringBuilder("episode,env_steps,wall_seconds,worker,return,length\n");
        for (int e = 1; e <= episodes; e++) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.3f,1,%s,%d%n", e, 30L * e, 0.01 * e, 10.0 + e % 50, 30));
        }
        Files.writeString(run.resolve("episodes.csv"), csv);
        Files.writeString(run.resolve("config.json"),
                Json.mapper().writeValueAsString(TrainingConfig.defaults("CartPole-v1")));
        return run;
    }

    @Test
    void drawsTheRewardCurveOfARunFolder(@TempDir Path dir) throws IOException {
        Path run = runFolder(dir, 400);
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("plot", "--run-dir", run.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        Path png = run.resolve(RewardCurvePlot.FILE_NAME);
        assertTrue(outcome.out().contains("400 episodes"), outcome.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(RewardCurvePlot.WIDTH, image.getWidth());
        assertEquals(2 * RewardCurvePlot.PANEL_HEIGHT, image.getHeight());

        Path elsewhere = dir.resolve("elsewhere.png");
        assertEquals(0, A3cCommandTest.run("plot", "--run-dir", run.toString(), "--out", elsewhere.toString()).exitCode());
        assertTrue(ImageIO.read(elsewhere.toFile()).getWidth() > 0);
    }

    @Test
    void aFolderWithoutEpisodesIsAOneLineError(@TempDir Path dir) throws IOException {
        A3cCommandTest.Outcome missing = A3cCommandTest.run("plot", "--run-dir", dir.resolve("absent").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("a3c: no run folder"), missing.err());
        A3cCommandTest.Outcome empty = A3cCommandTest.run("plot", "--run-dir", dir.toString());
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().startsWith("a3c: no episodes.csv in"), empty.err());
        Path run = runFolder(dir, 0);
        A3cCommandTest.Outcome none = A3cCommandTest.run("plot", "--run-dir", run.toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("no finished episode"), none.err());
        assertFalse(Files.exists(run.resolve(RewardCurvePlot.FILE_NAME)));
    }
}

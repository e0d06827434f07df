package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.Json;
import dev.a3c.config.TrainingConfig;
import dev.a3c.server.plot.RewardCurvePlot;
import dev.a3c.server.plot.RunsPlot;
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
        return runFolder(dir, "run", "CartPole-v1", episodes, 0);
    }

    private static Path runFolder(Path dir, String name, String env, int episodes, double offset) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        StringBuilder csv = new StringBuilder("episode,env_steps,wall_seconds,worker,return,length\n");
        for (int e = 1; e <= episodes; e++) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%.3f,1,%s,%d%n", e, 30L * e, 0.01 * e, offset + 10.0 + e % 50, 30));
        }
        Files.writeString(run.resolve("episodes.csv"), csv);
        Files.writeString(run.resolve("config.json"),
                Json.mapper().writeValueAsString(TrainingConfig.defaults(env)));
        return run;
    }

    @Test
    void drawsTheRunsOfSeveralFoldersInOnePlot(@TempDir Path dir) throws IOException {
        Path one = runFolder(dir, "seed-1", "CartPole-v1", 300, 0);
        Path two = runFolder(dir, "seed-2", "CartPole-v1", 500, 100);
        Path png = dir.resolve("seeds.png");
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("plot", "--run-dir", one.toString(), "--run-dir",
                two.toString(), "--out", png.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("2 runs"), outcome.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(RunsPlot.WIDTH, image.getWidth());
        assertEquals(RunsPlot.HEIGHT, image.getHeight());
        assertTrue(hasColour(image, RunsPlot.COLOURS[0]) && hasColour(image, RunsPlot.COLOURS[1]),
                "a line of its own colour for each run");
        assertFalse(hasColour(image, RunsPlot.COLOURS[3]), "no third run");

        A3cCommandTest.Outcome noOut = A3cCommandTest.run("plot", "--run-dir", one.toString(), "--run-dir", two.toString());
        assertEquals(2, noOut.exitCode());
        assertTrue(noOut.err().contains("--out is needed"), noOut.err());
        Path other = runFolder(dir, "acrobot", "Acrobot-v1", 200, 0);
        A3cCommandTest.Outcome mixed = A3cCommandTest.run("plot", "--run-dir", one.toString(), "--run-dir",
                other.toString(), "--out", png.toString());
        assertEquals(2, mixed.exitCode());
        assertTrue(mixed.err().contains("different environments"), mixed.err());
    }

    private static boolean hasColour(BufferedImage image, java.awt.Color colour) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
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

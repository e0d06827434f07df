package dev.a3c.server.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardCurvePlotTest {

    private static final int HEIGHT = 2 * RewardCurvePlot.PANEL_HEIGHT;

    /** Pixels within a small RGB distance of {@code color} in rows [top, bottom). */
    private static int near(BufferedImage image, Color color, int top, int bottom) {
        int n = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int dr = (rgb >> 16 & 0xFF) - color.getRed();
                int dg = (rgb >> 8 & 0xFF) - color.getGreen();
                int db = (rgb & 0xFF) - color.getBlue();
                n += dr * dr + dg * dg + db * db <= 300 ? 1 : 0;
            }
        }
        return n;
    }

    /** Pixels that are not the white background in the middle of a panel (its plot area). */
    private static int inked(BufferedImage image, int panelTop) {
        int n = 0;
        for (int y = panelTop + 80; y < panelTop + RewardCurvePlot.PANEL_HEIGHT - 80; y++) {
            for (int x = 150; x < image.getWidth() - 100; x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void aRunFoldersConfigurationLabelsThePlot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertEquals(new RewardCurvePlot.RunLabels(null, null), RewardCurvePlot.labels(dir), "no config.json");
        java.nio.file.Files.writeString(dir.resolve("config.json"),
                dev.a3c.config.TrainingConfig.of("Acrobot-v1", "--target-return -90").toJson());
        assertEquals(new RewardCurvePlot.RunLabels("Acrobot-v1", -90.0), RewardCurvePlot.labels(dir));
        java.nio.file.Files.writeString(dir.resolve("config.json"),
                dev.a3c.config.TrainingConfig.of("Pendulum-v1", "").toJson());
        assertEquals(new RewardCurvePlot.RunLabels("Pendulum-v1", null), RewardCurvePlot.labels(dir), "no threshold");
        java.nio.file.Files.writeString(dir.resolve("config.json"), "{\"env\": \"CartPole-v1\"}");
        assertEquals(new RewardCurvePlot.RunLabels(null, null), RewardCurvePlot.labels(dir), "a file of another version");
        java.nio.file.Files.writeString(dir.resolve("config.json"), "{not json");
        assertEquals(new RewardCurvePlot.RunLabels(null, null), RewardCurvePlot.labels(dir), "not JSON");
        // the labels are read, not the environment opened: a Gymnasium id needs no bridge to be plotted
        com.fasterxml.jackson.databind.node.ObjectNode tree = dev.a3c.config.TrainingConfig.of("CartPole-v1", "").toTree();
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("environment")).put("id", "gymnasium:NoSuchGame-v9");
        java.nio.file.Files.writeString(dir.resolve("config.json"), tree.toString());
        assertEquals(new RewardCurvePlot.RunLabels("gymnasium:NoSuchGame-v9", 475.0), RewardCurvePlot.labels(dir));
    }

    @Test
    void aRunsEpisodesBecomeTwoPanelsWithPointsAverageAndTarget(@TempDir Path dir) throws IOException {
        Path csv = SyntheticEpisodes.write(dir.resolve("episodes.csv"), 3000, 1);
        Path png = dir.resolve(RewardCurvePlot.FILE_NAME);
        RewardCurvePlot.write(EpisodeLog.read(csv), "CartPole-v1", 475.0, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(RewardCurvePlot.WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());
        assertFalse(Files.exists(dir.resolve(RewardCurvePlot.FILE_NAME + ".tmp")));
        for (int top : new int[] {0, RewardCurvePlot.PANEL_HEIGHT}) {
            String panel = top == 0 ? "steps panel" : "wall-time panel";
            assertTrue(inked(image, top) > 5000, panel + ": points and lines in the plot area, " + inked(image, top));
            assertTrue(near(image, RewardCurvePlot.AVERAGE, top, top + RewardCurvePlot.PANEL_HEIGHT) > 1500,
                    panel + ": the moving average's line");
            assertTrue(near(image, RewardCurvePlot.TARGET, top, top + RewardCurvePlot.PANEL_HEIGHT) > 300,
                    panel + ": the target's line");
        }
    }

    @Test
    void aRunsEvaluationsAreALineOfTheirOwnInBothPanels(@TempDir Path dir) throws IOException {
        Path csv = SyntheticEpisodes.write(dir.resolve("episodes.csv"), 3000, 1);
        List<String> rows = new java.util.ArrayList<>(List.of(
                "evaluation,version,env_steps,wall_seconds,seed,episodes,mean_return,stderr_return,min_return,max_return"));
        long steps = (long) EpisodeLog.read(csv).envSteps()[2999];
        double wall = EpisodeLog.read(csv).wallSeconds()[2999];
        for (int i = 0; i <= 10; i++) {
            rows.add(i + "," + i * 10 + "," + steps * i / 10 + "," + wall * i / 10 + ",7,100," + (20 + 40 * i) + ",1.5,10,500");
        }
        rows.add("11,110,"); // a line cut short by a crash
        Files.write(dir.resolve("evaluations.csv"), rows);
        EvaluationLog evaluations = EvaluationLog.read(dir.resolve("evaluations.csv"));
        assertEquals(11, evaluations.size());
        assertEquals(420.0, evaluations.means()[10]);

        Path png = dir.resolve(RewardCurvePlot.FILE_NAME);
        assertEquals(3000, RewardCurvePlot.writeForRun(dir, png));
        BufferedImage image = ImageIO.read(png.toFile());
        for (int top : new int[] {0, RewardCurvePlot.PANEL_HEIGHT}) {
            assertTrue(near(image, RewardCurvePlot.EVALUATION, top, top + RewardCurvePlot.PANEL_HEIGHT) > 300,
                    "the evaluations' line in the panel at " + top);
        }
        Files.delete(dir.resolve("evaluations.csv"));
        RewardCurvePlot.writeForRun(dir, png);
        assertEquals(0, near(ImageIO.read(png.toFile()), RewardCurvePlot.EVALUATION, 0, HEIGHT),
                "no evaluations.csv: no evaluation line");
    }

    @Test
    void withoutATargetThereIsNoTargetLine(@TempDir Path dir) throws IOException {
        Path csv = SyntheticEpisodes.write(dir.resolve("episodes.csv"), 500, 2);
        Path png = dir.resolve("plot.png");
        RewardCurvePlot.write(EpisodeLog.read(csv), null, null, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(near(image, RewardCurvePlot.AVERAGE, 0, HEIGHT) > 1500);
        assertEquals(0, near(image, RewardCurvePlot.TARGET, 0, HEIGHT));
    }

    @Test
    void theTitleNamesTheEnvironmentAndTheFinalAndBestAverages() {
        double[] rising = new double[250];
        for (int i = 0; i < rising.length; i++) {
            rising[i] = i < 200 ? i : 0;
        }
        double[] average = RewardCurve.movingAverage(rising);
        assertEquals("CartPole-v1: final avg100 87.3, best 149.5 (250 episodes)",
                RewardCurvePlot.title("CartPole-v1", 250, average));
        assertEquals("average 2.0 over 5 episodes",
                RewardCurvePlot.title(null, 5, RewardCurve.movingAverage(new double[] {0, 1, 2, 3, 4})));
        assertEquals("3M", RewardCurvePlot.count(3_000_000));
        assertEquals("12.5k", RewardCurvePlot.count(12_500));
        assertEquals("950", RewardCurvePlot.count(950));
        assertThrows(IllegalArgumentException.class, () -> RewardCurvePlot.write(
                new EpisodeLog(new double[0], new double[0], new double[0], 0), "x", null, Path.of("unused.png")));
    }

    @Test
    void aRunOf150000EpisodesIsDrawnQuickly(@TempDir Path dir) throws IOException {
        Path csv = SyntheticEpisodes.write(dir.resolve("episodes.csv"), 150_000, 3);
        Path png = dir.resolve("big.png");
        RewardCurvePlot.write(EpisodeLog.read(csv), "warm-up", 475.0, dir.resolve("warm.png"));
        long start = System.nanoTime();
        EpisodeLog log = EpisodeLog.read(csv);
        long read = System.nanoTime();
        RewardCurvePlot.write(log, "MinAtar/Breakout-v1", null, png);
        long drawn = System.nanoTime();
        System.out.printf("150,000 episodes: read %.0f ms, drawn %.0f ms%n", (read - start) / 1e6, (drawn - read) / 1e6);
        assertEquals(150_000, log.size());
        assertTrue(drawn - start < 10_000_000_000L, "downsampled: well under 10 s even on a loaded machine");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(inked(image, 0) > 5000);
    }
}

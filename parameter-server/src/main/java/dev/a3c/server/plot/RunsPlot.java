package dev.a3c.server.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Several runs of one environment in one PNG (the seeds of a suite row): each run's 100-episode moving average
 * against environment steps as a line of its own, the target return as a dashed line when the runs share one, and a
 * title with the environment and the spread of the final averages.
 */
public final class RunsPlot {

    public static final int WIDTH = RewardCurvePlot.WIDTH;
    public static final int HEIGHT = 520;

    /** Line colours, one per run, in order (Material palette; repeats after the last). */
    public static final Color[] COLOURS = {new Color(0x15, 0x65, 0xC0), new Color(0xE6, 0x51, 0x00),
        new Color(0x2E, 0x7D, 0x32), new Color(0x6A, 0x1B, 0x9A), new Color(0xC6, 0x28, 0x28),
        new Color(0x00, 0x83, 0x8F), new Color(0x79, 0x55, 0x48), new Color(0x45, 0x5A, 0x64),
        new Color(0xAD, 0x14, 0x57), new Color(0x9E, 0x9D, 0x24)};

    /** One run: its label in the legend and its episodes. */
    public record Run(String label, EpisodeLog log) {
        public Run {
            Objects.requireNonNull(label);
            if (log.size() == 0) {
                throw new IllegalArgumentException(label + ": no finished episode to plot");
            }
        }
    }

    private RunsPlot() {}

    /** Draws {@code runs} into {@code png} (written beside it, then moved into place). */
    public static void write(List<Run> runs, String env, Double targetReturn, Path png) throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run to plot");
        }
        List<double[]> averages = new ArrayList<>();
        for (Run run : runs) {
            averages.add(RewardCurve.movingAverage(run.log().returns()));
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title(env, averages))
                .xAxisTitle("environment steps").yAxisTitle(RewardCurve.WINDOW + "-episode average return").build();
        RewardCurvePlot.styled(chart, RewardCurvePlot::count);
        double end = 1e-9;
        for (int r = 0; r < runs.size(); r++) {
            double[] x = runs.get(r).log().envSteps();
            double[] average = averages.get(r);
            int[] line = RewardCurve.strideIndices(average.length, RewardCurvePlot.MAX_LINE_POINTS);
            XYSeries series = chart.addSeries(runs.get(r).label(), RewardCurve.pick(x, line), RewardCurve.pick(average, line));
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(COLOURS[r % COLOURS.length]);
            series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            end = Math.max(end, x[x.length - 1]);
        }
        if (targetReturn != null) {
            RewardCurvePlot.addTarget(chart, targetReturn, end);
        }
        RewardCurvePlot.save(List.of(chart), png);
    }

    /**
     * Draws the runs of these folders into {@code png}, each labelled with its folder's name; the environment and
     * target come from their {@code config.json}s (the target only when all runs share it).
     *
     * @throws IllegalArgumentException when a folder has no episodes.csv or no finished episode, or the folders
     *     hold runs of different environments
     */
    public static int writeForRuns(List<Path> runDirs, Path png) throws IOException {
        List<Run> runs = new ArrayList<>();
        String env = null;
        Double target = null;
        for (int i = 0; i < runDirs.size(); i++) {
            Path dir = runDirs.get(i);
            Path episodes = dir.resolve("episodes.csv");
            if (!Files.isRegularFile(episodes)) {
                throw new IllegalArgumentException("no episodes.csv in " + dir);
            }
            String name = dir.toAbsolutePath().normalize().getFileName().toString();
            runs.add(new Run(name, EpisodeLog.read(episodes)));
            RewardCurvePlot.RunLabels labels = RewardCurvePlot.labels(dir);
            if (i == 0) {
                env = labels.env();
                target = labels.target();
            } else {
                if (!Objects.equals(env, labels.env())) {
                    throw new IllegalArgumentException("the runs are of different environments: " + env + " in "
                            + runDirs.get(0) + ", " + labels.env() + " in " + dir);
                }
                if (!Objects.equals(target, labels.target())) {
                    target = null;
                }
            }
        }
        write(runs, env, target, png);
        return runs.size();
    }

    /** "MinAtar/Breakout-v1: 3 runs, final avg100 24.1 (21.0 to 27.3)". */
    static String title(String env, List<double[]> averages) {
        String prefix = env == null || env.isBlank() ? "" : env + ": ";
        double sum = 0;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double[] average : averages) {
            double last = average[average.length - 1];
            sum += last;
            low = Math.min(low, last);
            high = Math.max(high, last);
        }
        int n = averages.size();
        if (n == 1) {
            return String.format(Locale.ROOT, "%s1 run, final avg100 %.1f", prefix, sum);
        }
        return String.format(Locale.ROOT, "%s%d runs, final avg100 mean %.1f (%.1f to %.1f)", prefix, n, sum / n, low, high);
    }
}

package dev.a3c.server.plot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.config.Json;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reward curve of a run as a PNG (XChart, drawn headless): two panels, one above the other, of the episode
 * returns (light points) and their 100-episode moving average (a line), against environment steps and against wall
 * time, with the target return as a dashed line when there is one, and a title naming the environment and the final
 * and best averages. Large runs are downsampled ({@link RewardCurve}) so that drawing stays fast.
 */
public final class RewardCurvePlot {

    /** The file name in a run folder. */
    public static final String FILE_NAME = "reward-curve.png";
    public static final int WIDTH = 1000;
    /** The height of each of the two panels; the image is twice as high. */
    public static final int PANEL_HEIGHT = 420;
    /** Points drawn per panel at most (a min and a max per bucket beyond that). */
    public static final int MAX_POINTS = 6000;
    /** Points of the moving-average line at most. */
    public static final int MAX_LINE_POINTS = 2000;

    public static final Color POINTS = new Color(0x90, 0xA4, 0xAE, 0x70);
    public static final Color AVERAGE = new Color(0x15, 0x65, 0xC0);
    public static final Color TARGET = new Color(0x2E, 0x7D, 0x32);
    public static final Color EVALUATION = new Color(0xD6, 0x33, 0x6C);
    static final Color BACKGROUND = Color.WHITE;

    private RewardCurvePlot() {}

    /**
     * Draws the plot of {@code log} into {@code png} (written beside it first, then moved into place, so a reader
     * never sees half a file).
     *
     * @param env the environment's id for the title, or null
     * @param targetReturn the target drawn as a line, or null
     */
    public static void write(EpisodeLog log, String env, Double targetReturn, Path png) throws IOException {
        write(log, EvaluationLog.NONE, env, targetReturn, png);
    }

    /**
     * Draws the plot of {@code log} with the run's evaluations of the global network as a line of
     * their own (the mean return of each evaluation's fresh episodes).
     */
    public static void write(EpisodeLog log, EvaluationLog evaluations, String env, Double targetReturn, Path png)
            throws IOException {
        if (log.size() == 0) {
            throw new IllegalArgumentException("no finished episode to plot");
        }
        double[] average = RewardCurve.movingAverage(log.returns());
        String title = title(env, log.size(), average);
        XYChart bySteps = panel(title, "environment steps", log.envSteps(), log.returns(), average, targetReturn,
                RewardCurvePlot::count);
        addEvaluations(bySteps, evaluations.envSteps(), evaluations.means());
        double seconds = log.wallSeconds()[log.size() - 1];
        TimeUnit unit = TimeUnit.forSpan(seconds);
        double[] wall = new double[log.size()];
        for (int i = 0; i < wall.length; i++) {
            wall[i] = log.wallSeconds()[i] / unit.seconds;
        }
        XYChart byTime = panel(null, "wall time (" + unit.label + ")", wall, log.returns(), average, targetReturn,
                RewardCurvePlot::trim);
        double[] evaluationWall = new double[evaluations.size()];
        for (int i = 0; i < evaluationWall.length; i++) {
            evaluationWall[i] = evaluations.wallSeconds()[i] / unit.seconds;
        }
        addEvaluations(byTime, evaluationWall, evaluations.means());
        save(List.of(bySteps, byTime), png);
    }

    /**
     * Draws the plot of a run folder's {@code episodes.csv} into {@code png}, titled with the environment and target
     * of its {@code config.json} when it has one; returns the number of episodes plotted.
     *
     * @throws IllegalArgumentException when the folder has no episodes.csv or no finished episode in it
     */
    public static int writeForRun(Path runDir, Path png) throws IOException {
        Path episodes = runDir.resolve("episodes.csv");
        if (!Files.isRegularFile(episodes)) {
            throw new IllegalArgumentException("no episodes.csv in " + runDir);
        }
        EpisodeLog log = EpisodeLog.read(episodes);
        RunLabels labels = labels(runDir);
        write(log, EvaluationLog.read(runDir.resolve("evaluations.csv")), labels.env(), labels.target(), png);
        return log.size();
    }

    /** The environment and target return a plot is labelled with; nulls where unknown. */
    record RunLabels(String env, Double target) {}

    /**
     * The labels from a run folder's {@code config.json}, read as JSON without building the configuration (which
     * would open the environment: a bridge process for a Gymnasium id); none when it has none, or one this program
     * cannot read.
     */
    static RunLabels labels(Path runDir) throws IOException {
        Path config = runDir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            return new RunLabels(null, null);
        }
        try {
            JsonNode tree = Json.mapper().readTree(Files.readString(config));
            JsonNode id = tree.path("environment").path("id");
            JsonNode target = tree.path("schedule").path("targetReturn");
            return new RunLabels(id.isTextual() ? id.asText() : null, target.isNumber() ? target.asDouble() : null);
        } catch (JsonProcessingException e) {
            return new RunLabels(null, null);
        }
    }

    private static void addEvaluations(XYChart chart, double[] x, double[] means) {
        if (means.length == 0) {
            return;
        }
        XYSeries series = chart.addSeries("evaluation (fresh episodes)", x, means);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.DIAMOND);
        series.setMarkerColor(EVALUATION);
        series.setLineColor(EVALUATION);
        series.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    /** "CartPole-v1: final avg100 480.2, best 490.1 (2,345 episodes)", or the average of all while fewer than 100. */
    static String title(String env, int episodes, double[] average) {
        String prefix = env == null || env.isBlank() ? "" : env + ": ";
        double last = average[average.length - 1];
        if (episodes < RewardCurve.WINDOW) {
            return String.format(Locale.ROOT, "%saverage %.1f over %,d episodes", prefix, last, episodes);
        }
        return String.format(Locale.ROOT, "%sfinal avg100 %.1f, best %.1f (%,d episodes)", prefix, last,
                RewardCurve.bestFullWindow(average), episodes);
    }

    private static XYChart panel(String title, String xTitle, double[] x, double[] returns, double[] average,
                                 Double target, Function<Double, String> xLabels) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title == null ? "" : title)
                .xAxisTitle(xTitle).yAxisTitle("episode return").build();
        styled(chart, xLabels);
        chart.getStyler().setChartTitleVisible(title != null);
        chart.getStyler().setMarkerSize(3);

        int[] points = RewardCurve.envelopeIndices(returns, MAX_POINTS);
        XYSeries scatter = chart.addSeries("episode return", RewardCurve.pick(x, points), RewardCurve.pick(returns, points));
        scatter.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        scatter.setMarker(SeriesMarkers.CIRCLE);
        scatter.setMarkerColor(POINTS);

        int[] line = RewardCurve.strideIndices(average.length, MAX_LINE_POINTS);
        XYSeries mean = chart.addSeries(RewardCurve.WINDOW + "-episode average", RewardCurve.pick(x, line),
                RewardCurve.pick(average, line));
        mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        mean.setMarker(SeriesMarkers.NONE);
        mean.setLineColor(AVERAGE);
        mean.setLineStyle(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));

        if (target != null) {
            addTarget(chart, target, x[x.length - 1]);
        }
        return chart;
    }

    /** The look every a3c chart shares: white, light grid, legend at the bottom right, x from 0 with these labels. */
    static XYChart styled(XYChart chart, Function<Double, String> xLabels) {
        var style = chart.getStyler();
        style.setChartBackgroundColor(BACKGROUND);
        style.setPlotBackgroundColor(BACKGROUND);
        style.setPlotBorderColor(new Color(0xBDBDBD));
        style.setPlotGridLinesColor(new Color(0xEEEEEE));
        style.setLegendPosition(Styler.LegendPosition.InsideSE);
        style.setLegendBorderColor(new Color(0xBDBDBD));
        style.setAntiAlias(true);
        style.setxAxisTickLabelsFormattingFunction(xLabels);
        style.setXAxisMin(0.0);
        return chart;
    }

    /** The target return as a dashed line from x = 0 to {@code end}. */
    static void addTarget(XYChart chart, double target, double end) {
        XYSeries goal = chart.addSeries("target " + trim(target), new double[] {0, Math.max(end, 1e-9)},
                new double[] {target, target});
        goal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        goal.setMarker(SeriesMarkers.NONE);
        goal.setLineColor(TARGET);
        goal.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 6f}, 0f));
    }

    /** Writes {@code charts} (one column) as a PNG beside {@code png}, then moves it into place. */
    static void save(List<XYChart> charts, Path png) throws IOException {
        Path absolute = png.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            BitmapEncoder.saveBitmap(charts, charts.size(), 1, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** 950, 12.5k, 3M: short step counts for the axis. */
    static String count(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    /** A number with at most two decimals and no trailing zeros: 20, 2.5, 0.33. */
    static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** The unit of the wall-time axis: seconds for short runs, minutes, hours for long ones. */
    enum TimeUnit {
        SECONDS(1, "s"), MINUTES(60, "min"), HOURS(3600, "h");

        final double seconds;
        final String label;

        TimeUnit(double seconds, String label) {
            this.seconds = seconds;
            this.label = label;
        }

        static TimeUnit forSpan(double seconds) {
            if (seconds < 300) {
                return SECONDS;
            }
            return seconds < 5 * 3600 ? MINUTES : HOURS;
        }
    }
}

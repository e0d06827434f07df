package dev.a3c.server.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The evaluations of a run, read from its {@code evaluations.csv} (columns found by name:
 * {@code env_steps}, {@code wall_seconds}, {@code mean_return}); lines that do not parse are skipped.
 * An absent file is no evaluation.
 *
 * @param envSteps the run's env steps when each evaluated version was taken
 * @param wallSeconds the run's wall time then
 * @param means each evaluation's mean return
 */
public record EvaluationLog(double[] envSteps, double[] wallSeconds, double[] means) {

    public static final EvaluationLog NONE = new EvaluationLog(new double[0], new double[0], new double[0]);

    public int size() {
        return means.length;
    }

    public static EvaluationLog read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return NONE;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return NONE;
        }
        List<String> columns = Arrays.asList(lines.get(0).split(","));
        int steps = columns.indexOf("env_steps");
        int wall = columns.indexOf("wall_seconds");
        int mean = columns.indexOf("mean_return");
        if (steps < 0 || wall < 0 || mean < 0) {
            throw new IOException(csv + " is not an evaluations.csv (its header is " + lines.get(0) + ")");
        }
        double[][] out = new double[3][lines.size() - 1];
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length != columns.size()) {
                continue;
            }
            try {
                double s = Double.parseDouble(f[steps]);
                double w = Double.parseDouble(f[wall]);
                double m = Double.parseDouble(f[mean]);
                out[0][n] = s;
                out[1][n] = w;
                out[2][n] = m;
                n++;
            } catch (NumberFormatException e) {
                // a line cut short by a crash
            }
        }
        return new EvaluationLog(Arrays.copyOf(out[0], n), Arrays.copyOf(out[1], n), Arrays.copyOf(out[2], n));
    }
}

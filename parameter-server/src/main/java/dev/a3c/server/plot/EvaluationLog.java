package dev.a3c.server.plot;

import dev.a3c.server.run.CsvTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<double[]> rows = new ArrayList<>();
        CsvTable.read(csv, List.of("env_steps", "wall_seconds", "mean_return"), row -> rows.add(new double[] {
                row.getDouble("env_steps"), row.getDouble("wall_seconds"), row.getDouble("mean_return")}));
        if (rows.isEmpty()) {
            return NONE;
        }
        double[][] out = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 3; c++) {
                out[c][i] = rows.get(i)[c];
            }
        }
        return new EvaluationLog(out[0], out[1], out[2]);
    }
}

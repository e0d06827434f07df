package dev.a3c.server.plot;

import dev.a3c.server.run.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The finished episodes of a run, read from its {@code episodes.csv} (header
 * {@code episode,env_steps,wall_seconds,worker,return,length}) into flat arrays, in file order. Lines that do not
 * parse (a line cut short by a crash, say) are skipped and counted.
 *
 * @param envSteps the global environment-step count when each episode finished
 * @param wallSeconds the run's wall time when each episode finished
 * @param returns each episode's return
 * @param skippedLines lines that did not parse
 */
public record EpisodeLog(double[] envSteps, double[] wallSeconds, double[] returns, int skippedLines) {

    public EpisodeLog {
        if (envSteps.length != returns.length || wallSeconds.length != returns.length) {
            throw new IllegalArgumentException("one step count, time and return per episode");
        }
    }

    public int size() {
        return returns.length;
    }

    /** Reads an {@code episodes.csv}; columns are found by their names in the header. */
    public static EpisodeLog read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new java.nio.file.NoSuchFileException(csv.toString());
        }
        DoubleSeries steps = new DoubleSeries();
        DoubleSeries wall = new DoubleSeries();
        DoubleSeries returns = new DoubleSeries();
        CsvTable.Counts counts = CsvTable.read(csv, List.of("env_steps", "wall_seconds", "return"), row -> {
            double s = row.getDouble("env_steps");
            double w = row.getDouble("wall_seconds");
            double r = row.getDouble("return");
            steps.add(s);
            wall.add(w);
            returns.add(r);
        });
        return new EpisodeLog(steps.toArray(), wall.toArray(), returns.toArray(), counts.skipped());
    }

    /** A growing array of doubles. */
    private static final class DoubleSeries {
        private double[] values = new double[1024];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}

package dev.a3c.server.plot;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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

    private static final String HEADER_START = "episode,";

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
        try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null || !header.startsWith(HEADER_START)) {
                throw new IOException(csv + " is not an episodes.csv (its header is " + header + ")");
            }
            java.util.List<String> columns = Arrays.asList(header.split(","));
            int stepsColumn = require(columns, "env_steps", csv);
            int wallColumn = require(columns, "wall_seconds", csv);
            int returnColumn = require(columns, "return", csv);
            double[] steps = new double[1024];
            double[] wall = new double[1024];
            double[] returns = new double[1024];
            int n = 0;
            int skipped = 0;
            String[] fields = new String[columns.size()];
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                if (split(line, fields) != fields.length) {
                    skipped++;
                    continue;
                }
                try {
                    double s = Double.parseDouble(fields[stepsColumn]);
                    double w = Double.parseDouble(fields[wallColumn]);
                    double r = Double.parseDouble(fields[returnColumn]);
                    if (n == returns.length) {
                        steps = Arrays.copyOf(steps, 2 * n);
                        wall = Arrays.copyOf(wall, 2 * n);
                        returns = Arrays.copyOf(returns, 2 * n);
                    }
                    steps[n] = s;
                    wall[n] = w;
                    returns[n] = r;
                    n++;
                } catch (NumberFormatException e) {
                    skipped++;
                }
            }
            return new EpisodeLog(Arrays.copyOf(steps, n), Arrays.copyOf(wall, n), Arrays.copyOf(returns, n), skipped);
        }
    }

    private static int require(java.util.List<String> columns, String name, Path csv) throws IOException {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IOException(csv + " has no column " + name);
        }
        return index;
    }

    /** Splits a comma-separated line into {@code fields}; returns the number of fields found. */
    private static int split(String line, String[] fields) {
        int count = 0;
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == ',') {
                if (count == fields.length) {
                    return count + 1;
                }
                fields[count++] = line.substring(start, i);
                start = i + 1;
            }
        }
        return count;
    }
}

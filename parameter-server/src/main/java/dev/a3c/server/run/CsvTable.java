package dev.a3c.server.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run folder's CSV file ({@code episodes.csv}, {@code metrics.csv}, {@code evaluations.csv}) read
 * by column name: the first line names the columns. A row with another number of fields, or whose
 * numbers do not parse (the last line, cut short by a crash), is skipped and counted. Every reader
 * of these files goes through here, so a column can move or be added without breaking one.
 */
public final class CsvTable {

    /** Rows given to the consumer, and rows skipped. */
    public record Counts(int rows, int skipped) {}

    /** One row; a value is read by its column's name. */
    public static final class Row {
        private final Map<String, Integer> columns;
        private final String[] fields;

        private Row(Map<String, Integer> columns, String[] fields) {
            this.columns = columns;
            this.fields = fields;
        }

        public String text(String column) {
            Integer index = columns.get(column);
            if (index == null) {
                throw new IllegalArgumentException("no column " + column);
            }
            return fields[index];
        }

        public long getLong(String column) {
            return Long.parseLong(text(column));
        }

        public int getInt(String column) {
            return Integer.parseInt(text(column));
        }

        public double getDouble(String column) {
            return Double.parseDouble(text(column));
        }
    }

    private CsvTable() {}

    /**
     * Gives each row of {@code csv} to {@code row}, in order; a row whose numbers do not parse
     * ({@link NumberFormatException} in {@code row}) is skipped.
     *
     * @param required the columns the header must name
     * @return no rows for a file that does not exist
     * @throws IOException when the file cannot be read or its header lacks a required column
     */
    public static Counts read(Path csv, List<String> required, Consumer<Row> row) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return new Counts(0, 0);
        }
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                return new Counts(0, 0);
            }
            String[] names = header.split(",", -1);
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < names.length; i++) {
                columns.put(names[i], i);
            }
            for (String column : required) {
                if (!columns.containsKey(column)) {
                    throw new IOException(csv + " has no column " + column + " (its header is " + header + ")");
                }
            }
            int rows = 0;
            int skipped = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != names.length) {
                    skipped++;
                    continue;
                }
                try {
                    row.accept(new Row(columns, fields));
                    rows++;
                } catch (NumberFormatException e) {
                    skipped++;
                }
            }
            return new Counts(rows, skipped);
        }
    }
}

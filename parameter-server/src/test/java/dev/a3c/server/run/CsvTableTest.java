package dev.a3c.server.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.server.evaluation.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run-folder CSV files are read by column name, whatever the columns' order, skipping torn rows. */
class CsvTableTest {

    @Test
    void columnsAreFoundByNameInAnyOrderAndTornRowsAreSkipped(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("episodes.csv"),
                "return,length,env_steps\n1.5,10,100\n2.5,20,200\n3.5,3\n4.x,40,400\n\n5.5,50,500\n");
        List<String> rows = new ArrayList<>();
        CsvTable.Counts counts = CsvTable.read(csv, List.of("env_steps", "return"),
                row -> rows.add(row.getLong("env_steps") + ":" + row.getDouble("return")));
        assertEquals(List.of("100:1.5", "200:2.5", "500:5.5"), rows);
        assertEquals(new CsvTable.Counts(3, 2), counts, "a row with too few fields and one that does not parse");
    }

    @Test
    void aMissingColumnIsAnErrorAndAMissingFileHasNoRows(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("metrics.csv"), "wall_seconds,updates\n1,2\n");
        IOException e = assertThrows(IOException.class, () -> CsvTable.read(csv, List.of("env_steps"), row -> { }));
        assertTrue(e.getMessage().contains("no column env_steps"), e.getMessage());
        assertEquals(new CsvTable.Counts(0, 0), CsvTable.read(dir.resolve("none.csv"), List.of("x"), row -> { }));
        assertEquals(new CsvTable.Counts(0, 0), CsvTable.read(Files.writeString(dir.resolve("empty.csv"), ""),
                List.of("x"), row -> { }));
    }

    @Test
    void theFilesTheServerWritesReadBackByName(@TempDir Path dir) throws IOException {
        RunFolder folder = new RunFolder(dir);
        Evaluation first = new Evaluation(1, 40, 1000, 2.5, 77, 10, 12.5, 1.25, 3, 20);
        Evaluation second = new Evaluation(2, 80, 2000, 5.0, 78, 10, -3.5, 0.5, -7, 1);
        folder.appendEvaluation(first);
        folder.appendEvaluation(second);
        assertEquals(List.of(first, second), folder.readEvaluations());
    }
}

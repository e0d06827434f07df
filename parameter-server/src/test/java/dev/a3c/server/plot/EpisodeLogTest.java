package dev.a3c.server.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeLogTest {

    @Test
    void readsTheColumnsItNeedsAndSkipsBrokenLines(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("episodes.csv");
        Files.writeString(csv, """
                episode,env_steps,wall_seconds,worker,return,length
                1,20,0.500,1,20.0,20
                2,45,0.750,2,25.0,25

                3,90,1.250,1,-45.5,45
                4,120,1.5
                """);
        EpisodeLog log = EpisodeLog.read(csv);
        assertEquals(3, log.size());
        assertArrayEquals(new double[] {20, 45, 90}, log.envSteps());
        assertArrayEquals(new double[] {0.5, 0.75, 1.25}, log.wallSeconds());
        assertArrayEquals(new double[] {20, 25, -45.5}, log.returns());
        assertEquals(1, log.skippedLines(), "the line a crash cut short");
    }

    @Test
    void anythingElseIsRefused(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("metrics.csv");
        Files.writeString(other, "wall_seconds,env_steps\n1,2\n");
        assertThrows(IOException.class, () -> EpisodeLog.read(other));
        assertThrows(IOException.class, () -> EpisodeLog.read(dir.resolve("absent.csv")));
    }
}

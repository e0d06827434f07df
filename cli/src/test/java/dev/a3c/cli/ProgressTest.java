package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void withoutATerminalNothingIsPrinted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = Progress.of("play", 10, new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 0)) {
            assertSame(Progress.NONE, progress);
            for (int i = 1; i <= 10; i++) {
                progress.stepTo(i);
            }
        }
        assertEquals(0, bytes.size(), "logs and pipes get no bar");
    }

    @Test
    void onATerminalABarIsDrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress progress = Progress.of("play", 10, new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 80)) {
            progress.stepTo(4);
            progress.stepTo(10);
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("play"), drawn);
        assertTrue(drawn.contains("10/10"), drawn);
        assertTrue(drawn.contains("\r"), "redrawn in place: " + drawn);
    }

    @Test
    void commandsRunWithoutATerminalPrintNoBar() {
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("env", "random", "--env", "CartPole-v1", "--episodes", "50");
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals("", outcome.err(), "no terminal in tests: no bar, no control characters");
        assertTrue(outcome.out().chars().noneMatch(c -> c == '\r' || c == 0x1b));
    }
}

package dev.a3c.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/**
 * One line of training progress from the server's /status: redrawn in place on a terminal, printed
 * every few seconds otherwise.
 */
final class ProgressLine {

    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final long maxSteps;
    private long lastPrint;
    private boolean drawn;

    ProgressLine(PrintStream out, boolean terminal, long maxSteps) {
        this.out = out;
        this.terminal = terminal;
        this.maxSteps = maxSteps;
    }

    void update(JsonNode s) {
        String line = format(s);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            drawn = true;
        } else if (System.nanoTime() - lastPrint > 5_000_000_000L) {
            out.println(line);
            lastPrint = System.nanoTime();
        }
    }

    String format(JsonNode s) {
        long steps = s.path("env_steps").asLong();
        double fraction = Math.min(1.0, (double) steps / maxSteps);
        int filled = (int) Math.round(fraction * BAR);
        JsonNode avg = s.get("avg_return_100");
        long seconds = Math.round(s.path("wall_seconds").asDouble());
        return String.format("[%s%s] %5.1f%% | %,d steps | %,.0f steps/s | %,d episodes | avg100 %s | workers %d | %02d:%02d:%02d",
                "#".repeat(filled), " ".repeat(BAR - filled), 100 * fraction, steps, s.path("steps_per_second").asDouble(),
                s.path("episodes").asLong(), avg == null || avg.isNull() ? "-" : String.format("%.1f", avg.asDouble()),
                s.path("active_workers").asInt(), seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    void finish() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }
}

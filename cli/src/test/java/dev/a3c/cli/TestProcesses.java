package dev.a3c.cli;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Cleanup for tests that start a3c processes. */
final class TestProcesses {

    private TestProcesses() {
    }

    /** SIGTERM to all, then up to 30 s each to end, then SIGKILL: nothing a test started outlives it. */
    static void stopAll(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

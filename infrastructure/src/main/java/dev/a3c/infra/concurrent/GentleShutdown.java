package dev.a3c.infra.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops an executor without interrupting the task it is running: {@link ExecutorService#shutdownNow} interrupts it,
 * and a task writing a file through NIO (a checkpoint) then has its channel closed under it
 * ({@code ClosedByInterruptException}) and fails half written. Periodic tasks do not run again (a scheduled executor
 * cancels them on shutdown); the running one gets {@code grace} to finish, and is interrupted only after that.
 */
public final class GentleShutdown {

    private GentleShutdown() {
    }

    /** Stops {@code executor}, letting its running task finish within {@code grace}; whether it stopped. */
    public static boolean stop(ExecutorService executor, Duration grace) throws InterruptedException {
        executor.shutdown();
        if (executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        executor.shutdownNow();
        return executor.awaitTermination(2, TimeUnit.SECONDS);
    }
}

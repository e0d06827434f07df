package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.a3c.worker.Worker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code a3c worker --stay-up}: a worker outlives the server's run and joins the next one. */
class WorkerStayUpTest {

    private static final Worker.Summary OVER = new Worker.Summary(1, 10, 100, 2, Worker.OVER);
    private static final Worker.Summary STOPPED = new Worker.Summary(2, 5, 50, 1, "stop requested");

    /** Answers the summaries in order, counting the calls. */
    private static final class Runs implements Callable<Worker.Summary> {
        final ArrayDeque<Worker.Summary> answers;
        final AtomicInteger calls = new AtomicInteger();

        Runs(Worker.Summary... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public Worker.Summary call() {
            calls.incrementAndGet();
            return answers.removeFirst();
        }
    }

    @Test
    void withoutStayUpAWorkerRunsOnce() throws Exception {
        Runs runs = new Runs(OVER, STOPPED);
        assertSame(OVER, WorkerCommand.runUntilStopped(runs, false, Duration.ofMillis(1), new CountDownLatch(1)));
        assertEquals(1, runs.calls.get());
    }

    @Test
    void withStayUpAWorkerAsksAgainAfterEachRunThatWasOverUntilItIsStopped() throws Exception {
        Runs runs = new Runs(OVER, OVER, STOPPED, OVER);
        assertSame(STOPPED, WorkerCommand.runUntilStopped(runs, true, Duration.ofMillis(10), new CountDownLatch(1)));
        assertEquals(3, runs.calls.get(), "two runs over, then the third one was stopped by request");
    }

    @Test
    void aStopWhileWaitingEndsTheWaitAtOnce() throws Exception {
        Runs runs = new Runs(OVER, OVER);
        CountDownLatch stopping = new CountDownLatch(1);
        stopping.countDown();
        long start = System.nanoTime();
        assertSame(OVER, WorkerCommand.runUntilStopped(runs, true, Duration.ofMinutes(10), stopping));
        assertEquals(1, runs.calls.get());
        assertEquals(0, TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - start), "did not wait out the 10-minute poll");
    }

    @Test
    void theSummaryTellsARunThatWasOverFromAStop() {
        assertEquals(true, OVER.runOver());
        assertEquals(false, STOPPED.runOver());
    }
}

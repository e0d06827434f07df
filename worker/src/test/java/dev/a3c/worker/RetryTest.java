package dev.a3c.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.worker.client.ServerException;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The waits between attempts, recorded instead of slept. */
class RetryTest {

    private static RuntimeException unavailable() {
        return ServerException.of(Status.UNAVAILABLE.withDescription("not listening yet").asRuntimeException());
    }

    /** Fails {@code failures} times as unavailable, then answers. */
    private static int attempts(Retry retry, int failures) throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        return retry.call("call", () -> {
            if (calls.incrementAndGet() <= failures) {
                throw unavailable();
            }
            return calls.get();
        });
    }

    @Test
    void waitsDoubleFrom100MillisUpToTheLongestWithJitterInTheUpperHalf() throws Exception {
        List<Long> waits = new ArrayList<>();
        assertEquals(8, attempts(new Retry(Duration.ofMinutes(1), Duration.ofSeconds(5), waits::add), 7));
        long[] backoff = {100, 200, 400, 800, 1600, 3200, 5000};
        assertEquals(backoff.length, waits.size());
        for (int i = 0; i < backoff.length; i++) {
            long wait = waits.get(i);
            assertTrue(wait >= backoff[i] / 2 && wait <= backoff[i], "wait " + i + ": " + wait + " ms");
        }
    }

    @Test
    void aFirstJoinWaitsAtMostItsShorterLongest() throws Exception {
        List<Long> waits = new ArrayList<>();
        attempts(new Retry(Duration.ofMinutes(1), Worker.FIRST_JOIN_BACKOFF, waits::add), 20);
        assertEquals(20, waits.size());
        assertTrue(waits.stream().allMatch(w -> w <= Worker.FIRST_JOIN_BACKOFF.toMillis()), waits.toString());
    }

    @Test
    void theHookRunsAfterEachWaitBeforeTheNextAttempt() throws Exception {
        List<String> events = new ArrayList<>();
        Retry retry = new Retry(Duration.ofMinutes(1), Duration.ofSeconds(5), w -> events.add("wait"),
                () -> events.add("reconnect"));
        AtomicInteger calls = new AtomicInteger();
        assertEquals(3, (int) retry.call("call", () -> {
            events.add("attempt");
            if (calls.incrementAndGet() <= 2) {
                throw unavailable();
            }
            return calls.get();
        }));
        assertEquals(List.of("attempt", "wait", "reconnect", "attempt", "wait", "reconnect", "attempt"), events);
        events.clear();
        retry.call("call", () -> {
            events.add("attempt");
            return 0;
        });
        assertEquals(List.of("attempt"), events, "no hook without a retry");
    }

    @Test
    void otherFailuresAndASpentBudgetEndIt() {
        List<Long> waits = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> new Retry(Duration.ofMinutes(1), Duration.ofSeconds(5), waits::add)
                .call("call", () -> {
                    throw new IllegalStateException("refused");
                }));
        assertEquals(0, waits.size());
        assertThrows(ServerException.Unavailable.class, () -> new Retry(Duration.ZERO, Duration.ofSeconds(5), waits::add)
                .call("call", () -> {
                    throw unavailable();
                }));
    }
}

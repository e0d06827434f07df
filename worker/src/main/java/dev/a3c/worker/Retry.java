package dev.a3c.worker;

import dev.a3c.worker.client.ServerException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a call while the server is {@linkplain ServerException.Unavailable unavailable}, within a
 * time budget: exponential backoff from 100 ms to 5 s (or a shorter longest wait), with jitter (each wait is drawn from the
 * upper half of the current backoff). Any other failure, or the budget spent, ends it.
 */
public final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long LONGEST_BACKOFF_MILLIS = 5_000;
    /** The longest wait between attempts by default. */
    public static final Duration LONGEST_BACKOFF = Duration.ofMillis(LONGEST_BACKOFF_MILLIS);

    private final Duration budget;
    private final long longestBackoffMillis;
    private final SplittableRandom jitter = new SplittableRandom();
    private final Sleeper sleeper;
    private final Runnable beforeRetry;

    /** How a wait is spent (tests record it instead). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public Retry(Duration budget) {
        this(budget, Duration.ofMillis(LONGEST_BACKOFF_MILLIS));
    }

    /** With waits of at most {@code longestBackoff} (a worker joining a server that is starting beside it). */
    public Retry(Duration budget, Duration longestBackoff) {
        this(budget, longestBackoff, () -> { });
    }

    /**
     * @param beforeRetry runs after each wait, before the next attempt: a gRPC channel's
     *                    {@code resetConnectBackoff}, so that the attempt connects at once instead of failing fast
     *                    until the channel's own reconnect backoff (about a second at first) has passed
     */
    public Retry(Duration budget, Duration longestBackoff, Runnable beforeRetry) {
        this(budget, longestBackoff, Thread::sleep, beforeRetry);
    }

    Retry(Duration budget, Duration longestBackoff, Sleeper sleeper) {
        this(budget, longestBackoff, sleeper, () -> { });
    }

    Retry(Duration budget, Duration longestBackoff, Sleeper sleeper, Runnable beforeRetry) {
        this.budget = budget;
        this.longestBackoffMillis = Math.max(FIRST_BACKOFF_MILLIS, longestBackoff.toMillis());
        this.sleeper = sleeper;
        this.beforeRetry = beforeRetry;
    }

    public <T> T call(String what, Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return call.get();
            } catch (ServerException.Unavailable e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.info("{} failed ({}), retrying in {} ms", what, e.getMessage(), backoffMillis);
                sleeper.sleep(backoffMillis / 2 + jitter.nextLong(backoffMillis / 2 + 1));
                backoffMillis = Math.min(longestBackoffMillis, backoffMillis * 2);
                beforeRetry.run();
            }
        }
    }
}

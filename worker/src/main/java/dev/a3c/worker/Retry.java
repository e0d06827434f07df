package dev.a3c.worker;

import dev.a3c.worker.client.ServerException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a call while the server is {@linkplain ServerException.Unavailable unavailable}, within a
 * time budget: exponential backoff from 100 ms to 5 s, with jitter (each wait is drawn from the
 * upper half of the current backoff). Any other failure, or the budget spent, ends it.
 */
public final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long LONGEST_BACKOFF_MILLIS = 5_000;

    private final Duration budget;
    private final SplittableRandom jitter = new SplittableRandom();

    public Retry(Duration budget) {
        this.budget = budget;
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
                Thread.sleep(backoffMillis / 2 + jitter.nextLong(backoffMillis / 2 + 1));
                backoffMillis = Math.min(LONGEST_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }
}

package dev.a3c.server.validation;

import dev.a3c.wire.Refusal;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused requests without letting a client flood the log: per {@link Refusal}, the first one
 * is logged at once, later ones at most once per {@link #INTERVAL_SECONDS} with the number left out
 * since. Metrics count every refusal ({@link Rejections}). Refusals an honest worker meets in normal
 * operation (stale gradients, unknown ids after a restart, draining) go to DEBUG, the others to WARN.
 * Messages carry no client string unescaped ({@link ClientText}) and no stack trace.
 */
public final class RefusalLog {

    static final long INTERVAL_SECONDS = 10;

    private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

    private static final class Window {
        long lastLoggedNanos;
        long suppressed;
        boolean logged;
    }

    private final Map<Refusal, Window> windows = new EnumMap<>(Refusal.class);
    private final LongSupplier nanoTime;
    private final Logger out;

    public RefusalLog() {
        this(System::nanoTime, log);
    }

    public RefusalLog(LongSupplier nanoTime, Logger out) {
        this.nanoTime = nanoTime;
        this.out = out;
    }

    /** Records a refusal of a call to {@code method}; logs it unless one of its kind was logged within the interval. */
    public void refused(String method, Refusal refusal, String detail) {
        long suppressedBefore;
        synchronized (windows) {
            Window window = windows.computeIfAbsent(refusal, r -> new Window());
            long now = nanoTime.getAsLong();
            if (window.logged && now - window.lastLoggedNanos < TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS)) {
                window.suppressed++;
                return;
            }
            suppressedBefore = window.suppressed;
            window.suppressed = 0;
            window.logged = true;
            window.lastLoggedNanos = now;
        }
        String more = suppressedBefore == 0 ? "" : " (" + suppressedBefore + " more of this kind not logged in the last "
                + INTERVAL_SECONDS + " s)";
        if (honest(refusal)) {
            out.debug("{} refused ({}): {}{}", method, refusal.tag(), detail, more);
        } else {
            out.warn("{} refused ({}): {}{}", method, refusal.tag(), detail, more);
        }
    }

    private static boolean honest(Refusal refusal) {
        return refusal == Refusal.STALE || refusal == Refusal.UNKNOWN_WORKER || refusal == Refusal.DRAINING;
    }
}

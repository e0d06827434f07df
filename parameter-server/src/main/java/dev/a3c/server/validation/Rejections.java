package dev.a3c.server.validation;

import dev.a3c.wire.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code a3c.requests.rejected} counter, tagged by reason: every {@link Refusal}, plus the two refusals made
 * before a request reaches the service ({@link #MESSAGE_TOO_LARGE}, {@link #UNAUTHENTICATED}).
 */
public final class Rejections {

    public static final String METER = "a3c.requests.rejected";
    /** A message above the server's size limit, refused by the transport. */
    public static final String MESSAGE_TOO_LARGE = "message_too_large";
    /** A call without the shared token. */
    public static final String UNAUTHENTICATED = "unauthenticated";

    private Rejections() {}

    public static void count(MeterRegistry meters, String reason) {
        counter(meters, reason).increment();
    }

    /**
     * Registers the counter of every reason at 0, so that a query such as {@code rate(a3c_requests_rejected_total[5m])}
     * has a series (0) before the first refusal instead of none, and an alert on it sees the first one as a rise.
     */
    public static void registerAll(MeterRegistry meters) {
        reasons().forEach(reason -> counter(meters, reason));
    }

    /** Every reason a request can be rejected for, as counted. */
    public static List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        for (Refusal refusal : Refusal.values()) {
            reasons.add(refusal.tag());
        }
        reasons.add(MESSAGE_TOO_LARGE);
        reasons.add(UNAUTHENTICATED);
        return List.copyOf(reasons);
    }

    private static Counter counter(MeterRegistry meters, String reason) {
        return Counter.builder(METER).description("requests rejected, by reason").tag("reason", reason).register(meters);
    }
}

package dev.a3c.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The {@code a3c.requests.rejected} counter, tagged by reason. */
final class Rejections {

    static final String METER = "a3c.requests.rejected";

    private Rejections() {}

    static void count(MeterRegistry meters, String reason) {
        Counter.builder(METER).description("requests rejected, by reason").tag("reason", reason)
                .register(meters).increment();
    }
}

package dev.a3c.server.validation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The {@code a3c.requests.rejected} counter, tagged by reason. */
public final class Rejections {

    public static final String METER = "a3c.requests.rejected";

    private Rejections() {}

    public static void count(MeterRegistry meters, String reason) {
        Counter.builder(METER).description("requests rejected, by reason").tag("reason", reason)
                .register(meters).increment();
    }
}

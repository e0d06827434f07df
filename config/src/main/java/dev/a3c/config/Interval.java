package dev.a3c.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Locale;

/**
 * Every so much wall time ({@code 30s}) or every so many updates ({@code 500}); exactly one of
 * the two is set.
 *
 * @param time wall time between two events, or zero when counted in updates
 * @param updates updates between two events, or zero when counted in wall time
 */
public record Interval(Duration time, long updates) {

    public Interval {
        Checks.require(time != null && !time.isNegative() && updates >= 0 && time.isZero() != (updates == 0),
                "an interval is a positive wall time or a positive number of updates");
    }

    public static Interval ofSeconds(double seconds) {
        return new Interval(Duration.ofMillis(Math.round(seconds * 1000)), 0);
    }

    public static Interval ofUpdates(long updates) {
        return new Interval(Duration.ZERO, updates);
    }

    public boolean inUpdates() {
        return updates > 0;
    }

    /** {@code 30s}, {@code 1.5s} (seconds) or {@code 500} (updates). */
    @JsonCreator
    public static Interval parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("s")) {
                double seconds = Double.parseDouble(v.substring(0, v.length() - 1));
                if (!(seconds >= 0.001 && seconds <= 1e9)) {
                    throw new NumberFormatException();
                }
                return ofSeconds(seconds);
            }
            long updates = Long.parseLong(v);
            if (updates < 1) {
                throw new NumberFormatException();
            }
            return ofUpdates(updates);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an interval is seconds ('30s') or updates ('500'), got '" + value + "'");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        if (inUpdates()) {
            return Long.toString(updates);
        }
        double seconds = time.toMillis() / 1000.0;
        return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds)) + "s";
    }
}

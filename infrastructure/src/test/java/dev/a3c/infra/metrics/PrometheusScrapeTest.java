package dev.a3c.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    private static final String TEXT = """
            # HELP a3c_requests_rejected_total refused calls
            # TYPE a3c_requests_rejected_total counter
            a3c_requests_rejected_total{reason="stale",service="a3c"} 3.0
            a3c_requests_rejected_total{reason="non_finite",service="a3c"} 1.0
            a3c_updates_total 42.0
            a3c_label_with_quote{text="a \\"quoted\\" word"} 1.5E2
            """;

    @Test
    void samplesAreFoundByNameAndLabels() {
        PrometheusScrape scrape = PrometheusScrape.parse(TEXT);
        assertEquals(4, scrape.samples().size());
        assertEquals(42.0, scrape.value("a3c_updates_total"));
        assertEquals(3.0, scrape.value("a3c_requests_rejected_total", "reason", "stale"));
        assertEquals(1.0, scrape.value("a3c_requests_rejected_total", "service", "a3c", "reason", "non_finite"));
        assertEquals(150.0, scrape.value("a3c_label_with_quote"));
        assertEquals(Map.of("text", "a \\\"quoted\\\" word"), scrape.find("a3c_label_with_quote").get(0).labels());
        assertTrue(scrape.has("a3c_requests_rejected_total", "reason", "stale"));
        assertFalse(scrape.has("a3c_requests_rejected_total", "reason", "wrong_shape"));
    }

    @Test
    void anAmbiguousOrMissingLookupAndABrokenLineAreErrors() {
        PrometheusScrape scrape = PrometheusScrape.parse(TEXT);
        assertThrows(IllegalStateException.class, () -> scrape.value("a3c_requests_rejected_total"));
        assertThrows(IllegalStateException.class, () -> scrape.value("a3c_missing"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse("not a sample\n"));
    }
}

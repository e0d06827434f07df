package dev.a3c.server.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void quotesEscapesAndTruncates() {
        assertEquals("\"worker-1.example.org\"", ClientText.quote("worker-1.example.org"));
        assertEquals("\"a\\nb\\r\\tc\\\"d\\\\\"", ClientText.quote("a\nb\r\tc\"d\\"));
        assertEquals("\"h\\u00f6st\\u2028\\u0000\"", ClientText.quote("h\u00f6st\u2028\u0000"));
        assertEquals("null", ClientText.quote(null));
        String shown = ClientText.quote("x".repeat(1000));
        assertEquals("\"" + "x".repeat(ClientText.MAX_SHOWN) + "\"...(1000 chars)", shown);
    }
}

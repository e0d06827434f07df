package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Observation checks to float32 precision: each value within one float ulp of the reference. */
final class Float32Assert {

    private Float32Assert() {}

    static void assertObservation(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "observation length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            assertTrue(Math.abs(e - a) <= Math.ulp(e),
                    "observation[" + i + "]: expected " + e + " but was " + a);
        }
    }
}

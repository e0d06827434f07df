package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link NativeKernels#loadInBackground()}: ND4J loads on a daemon thread that ends, and is then there to use. */
class NativeKernelsLoadTest {

    @Test
    void theNativesLoadOnADaemonThreadThatEnds() throws InterruptedException {
        NativeKernels.select();
        Thread thread = NativeKernels.loadInBackground();
        assertTrue(thread.isDaemon(), "it never keeps a JVM alive");
        assertEquals("nd4j-load", thread.getName());
        thread.join(50_000);
        assertFalse(thread.isAlive(), "loading ended");
        assertEquals(3.0f, org.nd4j.linalg.factory.Nd4j.create(new float[] {1, 2}).sumNumber().floatValue(), 0f);
    }
}

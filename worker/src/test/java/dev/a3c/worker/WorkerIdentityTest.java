package dev.a3c.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A worker introduces itself in the form the server admits, whatever its machine calls itself. */
class WorkerIdentityTest {

    @Test
    void hostAndVersionAreMadeAdmissible() {
        Worker.Identity plain = new Worker.Identity("node-7.cluster.local", 42, 8, "0.1.0-SNAPSHOT");
        assertEquals("node-7.cluster.local", plain.host());
        assertEquals("0.1.0-SNAPSHOT", plain.programVersion());

        Worker.Identity odd = new Worker.Identity("My Laptop\n(home)", 42, 0, "1.0 beta");
        assertEquals("My-Laptop--home-", odd.host());
        assertEquals("1.0-beta", odd.programVersion());
        assertEquals(1, odd.cores(), "at least one core");
        assertEquals(253, new Worker.Identity("h".repeat(300), 1, 1, "v").host().length());
        assertEquals(64, new Worker.Identity("h", 1, 1, "v".repeat(100)).programVersion().length());
        assertEquals("unknown", new Worker.Identity("", 1, 1, null).host());
        assertEquals("unknown", new Worker.Identity(null, 1, 1, null).programVersion());
    }
}

package dev.a3c.server.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.server.validation.RequestRefusedException;
import dev.a3c.wire.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerRegistryTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void registersWithConsecutiveIdsAndRemembersWhoTheyAre() {
        ManualClock clock = new ManualClock();
        WorkerRegistry registry = new WorkerRegistry(clock, 1000);
        WorkerRegistry.Worker a = registry.register("host-a", 11, 4, "1.0", 0);
        WorkerRegistry.Worker b = registry.register("host-b", 22, 8, "1.1", 0);
        assertEquals(1000, a.id);
        assertEquals(1001, b.id);
        assertEquals(0, a.rank);
        assertEquals(1, b.rank);
        assertEquals("host-b", b.host);
        assertEquals(22, b.pid);
        assertEquals(8, b.cores);
        assertEquals("1.1", b.programVersion);
        assertEquals(clock.now, a.registeredAt);
        assertEquals(0, a.lastSequence);
        assertEquals(2, registry.activeCount());
        assertEquals(List.of(a, b), registry.all());
    }

    @Test
    void workersSilentForLongerThanTheLeaseExpireAndTheirIdsStopWorking() {
        ManualClock clock = new ManualClock();
        WorkerRegistry registry = new WorkerRegistry(clock, 0);
        WorkerRegistry.Worker quiet = registry.register("h", 1, 1, "v", 0);
        WorkerRegistry.Worker busy = registry.register("h", 2, 1, "v", 0);
        WorkerRegistry.Worker gone = registry.register("h", 3, 1, "v", 0);
        registry.deregister(gone.id);
        clock.now = clock.now.plusSeconds(20);
        registry.seen(registry.find(busy.id, busy.key));
        assertEquals(List.of(), registry.expire(java.time.Duration.ofSeconds(30)), "nobody is late yet");
        clock.now = clock.now.plusSeconds(15);                 // quiet: 35 s, busy: 15 s
        assertEquals(List.of(quiet), registry.expire(java.time.Duration.ofSeconds(30)));
        assertTrue(quiet.expired);
        assertFalse(quiet.active);
        assertFalse(gone.expired, "a worker that left is not expired");
        assertEquals(1, registry.activeCount());
        assertThrows(RequestRefusedException.class, () -> registry.find(quiet.id, quiet.key), "an expired id no longer works");
        assertThrows(RequestRefusedException.class, () -> registry.find(gone.id, gone.key), "nor does a deregistered one");
        assertSame(busy, registry.find(busy.id, busy.key));
        assertEquals(List.of(), registry.expire(java.time.Duration.ofSeconds(30)), "expired once");
    }

    @Test
    void seenRenewsTheLeaseAndUnknownIdsAreRefused() {
        ManualClock clock = new ManualClock();
        WorkerRegistry registry = new WorkerRegistry(clock, 0);
        WorkerRegistry.Worker a = registry.register("h", 1, 1, "v", 0);
        Instant registered = clock.now;
        clock.now = registered.plusSeconds(42);
        assertSame(a, registry.find(a.id, a.key));
        assertEquals(registered, a.lastSeen, "finding a worker is no sign of life");
        registry.seen(a);
        assertEquals(registered.plusSeconds(42), a.lastSeen);
        assertEquals(registered, a.registeredAt);
        assertThrows(RequestRefusedException.class, () -> registry.find(7, new byte[16]));
        assertThrows(RequestRefusedException.class, () -> registry.find(-1, new byte[16]));
    }

    @Test
    void deregisteredWorkersStayListedButInactive() {
        WorkerRegistry registry = new WorkerRegistry(Clock.systemUTC(), 0);
        WorkerRegistry.Worker a = registry.register("a", 1, 1, "v", 0);
        WorkerRegistry.Worker b = registry.register("b", 2, 1, "v", 0);
        registry.deregister(a.id);
        registry.deregister(99); // unknown: ignored
        assertFalse(a.active);
        assertTrue(b.active);
        assertEquals(1, registry.activeCount());
        assertEquals(2, registry.all().size());
        assertThrows(RequestRefusedException.class, () -> registry.find(a.id, a.key), "the id of a worker that left no longer works");
        assertEquals(List.of(a, b), registry.all(), "but it stays listed");
    }

    @Test
    void allToldToStopConsidersOnlyActiveWorkers() {
        WorkerRegistry registry = new WorkerRegistry(Clock.systemUTC(), 0);
        assertTrue(registry.allToldToStop(), "vacuously true without workers");
        WorkerRegistry.Worker a = registry.register("a", 1, 1, "v", 0);
        WorkerRegistry.Worker b = registry.register("b", 2, 1, "v", 0);
        assertFalse(registry.allToldToStop());
        a.toldToStop = true;
        assertFalse(registry.allToldToStop());
        registry.deregister(b.id);
        assertTrue(registry.allToldToStop());
    }

    @Test
    void concurrentRegistrationsGetDistinctIds() throws Exception {
        WorkerRegistry registry = new WorkerRegistry(Clock.systemUTC(), 0);
        int threads = 8;
        int each = 100;
        Set<Integer> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < each; i++) {
                        ids.add(registry.register("h", i, 1, "v", 0).id);
                    }
                    done.countDown();
                });
            }
            assertTrue(done.await(5, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, ids.size());
        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < threads * each; i++) {
            expected.add(i);
        }
        assertEquals(expected, ids);
        assertEquals(threads * each, registry.activeCount());
    }

    @Test
    void registriesStartAtRandomFirstIdsSoAStaleWorkerIsUnknownToANewOne() {
        java.util.Set<Integer> firsts = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            int first = WorkerRegistry.randomFirstId();
            assertTrue(first >= 1 << 20 && first < 1 << 30, "first id " + first);
            firsts.add(first);
        }
        assertTrue(firsts.size() > 45, "drawn at random: " + firsts.size() + " distinct of 50");
        WorkerRegistry before = new WorkerRegistry(Clock.systemUTC(), 5_000);
        WorkerRegistry after = new WorkerRegistry(Clock.systemUTC(), 9_000);
        WorkerRegistry.Worker stale = before.register("h", 1, 1, "v", 0);
        after.register("h", 2, 1, "v", 0);
        assertThrows(RequestRefusedException.class, () -> after.find(stale.id, stale.key));
        assertThrows(IllegalArgumentException.class, () -> new WorkerRegistry(Clock.systemUTC(), -1));
    }

    @Test
    void registrationsBeyondTheCapAreRefusedUntilOneLeaves() {
        WorkerRegistry registry = new WorkerRegistry(new ManualClock(), 0, 3, 10, java.time.Duration.ofHours(1));
        WorkerRegistry.Worker first = registry.register("a", 1, 1, "v", 0);
        registry.register("b", 2, 1, "v", 0);
        registry.register("c", 3, 1, "v", 0);
        RequestRefusedException full = assertThrows(RequestRefusedException.class, () -> registry.register("d", 4, 1, "v", 0));
        assertEquals(Refusal.TOO_MANY_WORKERS, full.refusal());
        assertEquals(3, registry.size(), "a refused registration leaves nothing behind");
        registry.deregister(first.id);
        assertEquals(3, registry.register("d", 4, 1, "v", 0).rank, "ranks count admitted registrations only");
    }

    @Test
    void leftAndExpiredWorkersAreForgottenAfterTheRetentionAndBeyondTheirCap() {
        ManualClock clock = new ManualClock();
        WorkerRegistry registry = new WorkerRegistry(clock, 0, 100, 2, java.time.Duration.ofMinutes(10));
        WorkerRegistry.Worker a = registry.register("a", 1, 1, "v", 0);
        WorkerRegistry.Worker b = registry.register("b", 2, 1, "v", 0);
        WorkerRegistry.Worker c = registry.register("c", 3, 1, "v", 0);
        WorkerRegistry.Worker d = registry.register("d", 4, 1, "v", 0);
        registry.deregister(a.id);
        clock.now = clock.now.plusSeconds(1);
        registry.deregister(b.id);
        clock.now = clock.now.plusSeconds(1);
        registry.deregister(c.id);
        assertEquals(List.of(b, c, d), registry.all(), "at most 2 inactive kept: the oldest to leave goes first");
        clock.now = clock.now.plusSeconds(60);
        assertEquals(List.of(d), registry.expire(java.time.Duration.ofSeconds(30)));
        assertEquals(List.of(c, d), registry.all(), "an expired worker counts as inactive too");
        clock.now = clock.now.plus(java.time.Duration.ofMinutes(10)).plusSeconds(1);
        registry.register("e", 5, 1, "v", 0);
        assertEquals(1, registry.size(), "inactive workers older than the retention are forgotten");
        assertEquals(1, registry.activeCount());
    }

    @Test
    void aKeyIsRandomPerRegistrationAndOnlyItOpensTheId() {
        WorkerRegistry registry = new WorkerRegistry(new ManualClock(), 0);
        WorkerRegistry.Worker a = registry.register("a", 1, 1, "v", 7);
        WorkerRegistry.Worker b = registry.register("b", 2, 1, "v", 7);
        assertEquals(WorkerRegistry.KEY_BYTES, a.key.length);
        assertFalse(java.util.Arrays.equals(a.key, b.key));
        assertEquals(7, a.registeredVersion);
        assertSame(a, registry.find(a.id, a.key.clone()));
        assertEquals(Refusal.WORKER_KEY, assertThrows(RequestRefusedException.class, () -> registry.find(a.id, b.key)).refusal());
        assertEquals(Refusal.WORKER_KEY, assertThrows(RequestRefusedException.class, () -> registry.find(a.id, new byte[0])).refusal());
        assertEquals(Refusal.UNKNOWN_WORKER, assertThrows(RequestRefusedException.class, () -> registry.find(99, a.key)).refusal());
    }
}

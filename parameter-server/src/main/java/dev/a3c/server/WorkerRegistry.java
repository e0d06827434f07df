package dev.a3c.server;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers that registered: who they are, what they pushed, and the last sequence applied.
 *
 * <p>Ids start at a per-registry first id: a server started again (a new registry) gives out ids
 * that a worker of its previous life does not hold, so such a worker's calls are answered "unknown
 * worker" and it registers again, instead of being mistaken for a worker of the new life. Ranks
 * count registrations from 0 and seed the workers.
 */
final class WorkerRegistry {

    /** A registered worker. Mutable fields are guarded by the {@link TrainingSession}'s push lock. */
    static final class Worker {
        final int id;
        final int rank;
        final String host;
        final long pid;
        final int cores;
        final String programVersion;
        final Instant registeredAt;
        volatile Instant lastSeen;
        volatile boolean active = true;
        /** Left without deregistering: not heard from within the lease. */
        volatile boolean expired;
        volatile boolean toldToStop;
        /** When its last push was applied; null before. */
        volatile Instant lastPush;
        /** The staleness of its last push, applied or refused; -1 before. */
        volatile long lastStaleness = -1;
        long lastSequence;
        long pushes;
        long envSteps;

        Worker(int id, int rank, String host, long pid, int cores, String programVersion, Instant now) {
            this.id = id;
            this.rank = rank;
            this.host = host;
            this.pid = pid;
            this.cores = cores;
            this.programVersion = programVersion;
            this.registeredAt = now;
            this.lastSeen = now;
        }
    }

    private final Map<Integer, Worker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger nextRank = new AtomicInteger();
    private final int firstId;
    private final Clock clock;

    WorkerRegistry(Clock clock, int firstId) {
        if (firstId < 0 || firstId > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("first worker id out of range: " + firstId);
        }
        this.clock = clock;
        this.firstId = firstId;
    }

    /** A first id drawn at random from [2^20, 2^30): two registries share ids with probability about n / 2^30. */
    static int randomFirstId() {
        return (1 << 20) + new java.security.SecureRandom().nextInt((1 << 30) - (1 << 20));
    }

    Worker register(String host, long pid, int cores, String programVersion) {
        int rank = nextRank.getAndIncrement();
        int id = firstId + rank;
        Worker worker = new Worker(id, rank, host, pid, cores, programVersion, clock.instant());
        workers.put(id, worker);
        return worker;
    }

    /**
     * The worker with this id, marked as seen now; null if unknown, deregistered or expired (such a
     * worker registers again).
     */
    Worker touch(int id) {
        Worker worker = workers.get(id);
        if (worker == null || !worker.active) {
            return null;
        }
        worker.lastSeen = clock.instant();
        return worker;
    }

    /** Marks the active workers not seen within {@code lease} as expired and returns them. */
    List<Worker> expire(java.time.Duration lease) {
        Instant cutoff = clock.instant().minus(lease);
        List<Worker> expired = new ArrayList<>();
        for (Worker worker : workers.values()) {
            if (worker.active && worker.lastSeen.isBefore(cutoff)) {
                worker.active = false;
                worker.expired = true;
                expired.add(worker);
            }
        }
        expired.sort(Comparator.comparingInt(w -> w.id));
        return expired;
    }

    void deregister(int id) {
        Worker worker = workers.get(id);
        if (worker != null) {
            worker.active = false;
        }
    }

    int activeCount() {
        return (int) workers.values().stream().filter(w -> w.active).count();
    }

    /** Every worker that ever registered, by id. */
    List<Worker> all() {
        List<Worker> list = new ArrayList<>(workers.values());
        list.sort(Comparator.comparingInt(w -> w.id));
        return list;
    }

    /** True when every active worker has been told to stop (or none is active). */
    boolean allToldToStop() {
        return workers.values().stream().filter(w -> w.active).allMatch(w -> w.toldToStop);
    }
}

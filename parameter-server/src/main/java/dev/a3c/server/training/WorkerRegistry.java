package dev.a3c.server.training;

import dev.a3c.server.validation.RequestLimits;
import dev.a3c.server.validation.RequestRefusedException;
import dev.a3c.server.validation.RequestValidator;
import dev.a3c.wire.Refusal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Memory is bounded whatever clients send: at most {@link RequestLimits#maxWorkers()} workers are
 * registered at once (more are refused), and left or expired workers are kept for {@code /status}
 * only for {@link RequestLimits#inactiveRetention()}, at most {@link RequestLimits#maxInactiveWorkers()}
 * of them (the oldest go first). Each registration gets a random key that its later calls must carry.
 */
public final class WorkerRegistry {

    /** A registered worker. Mutable fields are guarded by the {@link TrainingSession}'s push lock. */
    public static final class Worker {
        final int id;
        final int rank;
        final String host;
        final long pid;
        final int cores;
        final String programVersion;
        final Instant registeredAt;
        /** The secret of this registration; compared in constant time. */
        final byte[] key;
        /** The server's version when it registered: it cannot hold an older one. */
        public final long registeredVersion;
        volatile Instant lastSeen;
        volatile boolean active = true;
        /** Left without deregistering: not heard from within the lease. */
        volatile boolean expired;
        volatile boolean toldToStop;
        /** When it left or expired; null while active. */
        volatile Instant inactiveSince;
        /** When its last push was applied; null before. */
        volatile Instant lastPush;
        /** The staleness of its last push, applied or refused; -1 before. */
        volatile long lastStaleness = -1;
        /** The sequence of its last applied push (volatile: read without the push lock once it expired). */
        public volatile long lastSequence;
        /** The highest sequence it pushed that passed validation (applied, or refused as stale). */
        public long highestSequence;
        /** The base version of its last applied push. */
        public long lastBaseVersion;
        long pushes;
        long envSteps;

        Worker(int id, int rank, String host, long pid, int cores, String programVersion, Instant now, byte[] key,
               long registeredVersion) {
            this.id = id;
            this.key = key;
            this.registeredVersion = registeredVersion;
            this.rank = rank;
            this.host = host;
            this.pid = pid;
            this.cores = cores;
            this.programVersion = programVersion;
            this.registeredAt = now;
            this.lastSeen = now;
        }
    }

    /** The length of a worker key in bytes. */
    static final int KEY_BYTES = 16;

    private final Map<Integer, Worker> workers = new ConcurrentHashMap<>();
    private final AtomicInteger nextRank = new AtomicInteger();
    private final int firstId;
    private final Clock clock;
    private final int maxActive;
    private final int maxInactive;
    private final Duration retention;
    private final SecureRandom keys = new SecureRandom();

    WorkerRegistry(Clock clock, int firstId) {
        this(clock, firstId, RequestLimits.DEFAULT_MAX_WORKERS, RequestLimits.DEFAULT_MAX_INACTIVE_WORKERS,
                RequestLimits.DEFAULT_INACTIVE_RETENTION);
    }

    WorkerRegistry(Clock clock, int firstId, int maxActive, int maxInactive, Duration retention) {
        if (firstId < 0 || firstId > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("first worker id out of range: " + firstId);
        }
        this.clock = clock;
        this.firstId = firstId;
        this.maxActive = maxActive;
        this.maxInactive = maxInactive;
        this.retention = retention;
    }

    /** A first id drawn at random from [2^20, 2^30): two registries share ids with probability about n / 2^30. */
    static int randomFirstId() {
        return (1 << 20) + new SecureRandom().nextInt((1 << 30) - (1 << 20));
    }

    /**
     * Registers a worker at the server's {@code version}.
     *
     * @throws RequestRefusedException ({@link Refusal#TOO_MANY_WORKERS}) when as many as admitted are registered
     */
    synchronized Worker register(String host, long pid, int cores, String programVersion, long version) {
        prune();
        long active = activeCount();
        if (active >= maxActive) {
            throw RequestValidator.refuse(Refusal.TOO_MANY_WORKERS, active + " workers are registered, the most this "
                    + "server admits; one must leave or expire first");
        }
        if (nextRank.get() == Integer.MAX_VALUE - firstId) {
            throw RequestValidator.refuse(Refusal.TOO_MANY_WORKERS, "this server has given out all its worker ids");
        }
        int rank = nextRank.getAndIncrement();
        int id = firstId + rank;
        byte[] key = new byte[KEY_BYTES];
        keys.nextBytes(key);
        Worker worker = new Worker(id, rank, host, pid, cores, programVersion, clock.instant(), key, version);
        workers.put(id, worker);
        return worker;
    }

    /**
     * The worker with this id and key; changes nothing (a call is only a sign of life once it passed
     * validation: {@link #seen}).
     *
     * @throws RequestRefusedException {@link Refusal#UNKNOWN_WORKER} if the id is unknown, deregistered or expired
     *                                 (such a worker registers again); {@link Refusal#WORKER_KEY} if the key is not
     *                                 the one its registration received
     */
    Worker find(int id, byte[] key) {
        Worker worker = workers.get(id);
        if (worker == null || !worker.active) {
            throw RequestValidator.refuse(Refusal.UNKNOWN_WORKER, "unknown, expired or deregistered worker id " + id
                    + ": register first");
        }
        if (!MessageDigest.isEqual(worker.key, key)) {
            throw RequestValidator.refuse(Refusal.WORKER_KEY, "the worker key does not match worker id " + id
                    + "'s registration");
        }
        return worker;
    }

    /**
     * Whether {@code sequence} is a retry of a push the server applied from a worker that has since expired, with
     * that registration's key: the answer was lost (a partition longer than the lease), and the worker must still
     * learn that this push was applied before it learns to register again.
     */
    boolean appliedBeforeItExpired(int id, byte[] key, long sequence) {
        Worker worker = workers.get(id);
        return worker != null && worker.expired && MessageDigest.isEqual(worker.key, key)
                && sequence <= worker.lastSequence;
    }

    /** Marks a worker as heard from now (its lease starts again). */
    void seen(Worker worker) {
        worker.lastSeen = clock.instant();
    }

    /** Marks the active workers not seen within {@code lease} as expired and returns them. */
    synchronized List<Worker> expire(Duration lease) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(lease);
        List<Worker> expired = new ArrayList<>();
        for (Worker worker : workers.values()) {
            if (worker.active && worker.lastSeen.isBefore(cutoff)) {
                worker.expired = true;
                worker.inactiveSince = now;
                worker.active = false;
                expired.add(worker);
            }
        }
        expired.sort(Comparator.comparingInt(w -> w.id));
        prune();
        return expired;
    }

    synchronized void deregister(int id) {
        Worker worker = workers.get(id);
        if (worker != null && worker.active) {
            worker.inactiveSince = clock.instant();
            worker.active = false;
        }
        prune();
    }

    /** Forgets the left and expired workers older than the retention, and the oldest beyond the cap. */
    private void prune() {
        Instant cutoff = clock.instant().minus(retention);
        List<Worker> inactive = new ArrayList<>();
        for (Worker worker : workers.values()) {
            if (!worker.active) {
                if (worker.inactiveSince.isBefore(cutoff)) {
                    workers.remove(worker.id);
                } else {
                    inactive.add(worker);
                }
            }
        }
        if (inactive.size() > maxInactive) {
            inactive.sort(Comparator.comparing((Worker w) -> w.inactiveSince).thenComparingInt(w -> w.id));
            for (Worker worker : inactive.subList(0, inactive.size() - maxInactive)) {
                workers.remove(worker.id);
            }
        }
    }

    /** How many workers are kept, active or not. */
    int size() {
        return workers.size();
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

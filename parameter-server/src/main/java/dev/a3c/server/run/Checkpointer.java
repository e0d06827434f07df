package dev.a3c.server.run;

import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.checkpoint.CheckpointState;
import dev.a3c.server.training.TrainingSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints of a session into the run folder and keeps the newest few valid ones (see
 * {@link CheckpointFile} for the format, the checksum and the crash-safe write). Besides the
 * server's timer, {@link #dueAfterUpdate(long)} says when a checkpoint is due every N updates.
 */
public final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final TrainingSession session;
    private final RunFolder folder;
    private final int keep;
    private final long everyUpdates;
    private long lastVersion = -1;
    private final AtomicLong lastWrittenMillis = new AtomicLong(System.currentTimeMillis());
    private final Counter written;
    private final Counter failures;

    public Checkpointer(TrainingSession session, RunFolder folder, int keep) {
        this(session, folder, keep, 0);
    }

    /**
     * @param everyUpdates a checkpoint is due each time the version reaches a multiple of it; 0 for never
     */
    public Checkpointer(TrainingSession session, RunFolder folder, int keep, long everyUpdates) {
        if (everyUpdates < 0) {
            throw new IllegalArgumentException("checkpoint every N updates needs N >= 0, got " + everyUpdates);
        }
        this.session = session;
        this.folder = folder;
        this.keep = keep;
        this.everyUpdates = everyUpdates;
        MeterRegistry meters = session.meters();
        Gauge.builder("a3c.checkpoint.last.written.timestamp.seconds", lastWrittenMillis, t -> t.get() / 1000.0)
                .description("when this server last wrote a checkpoint (Unix time; its start until the first one)")
                .register(meters);
        Gauge.builder("a3c.checkpoint.interval.seconds", session.config().schedule(),
                        s -> s.checkpointInterval().toMillis() / 1000.0)
                .description("the configured time between periodic checkpoints").register(meters);
        written = Counter.builder("a3c.checkpoints.written").description("checkpoints written").register(meters);
        failures = Counter.builder("a3c.checkpoint.failures").description("checkpoint writes that failed")
                .register(meters);
        removeStaleTemporaryFiles();
    }

    /** Whether the update that produced {@code version} makes a checkpoint due (every N updates). */
    public boolean dueAfterUpdate(long version) {
        return everyUpdates > 0 && version > 0 && version % everyUpdates == 0;
    }

    /** Writes a checkpoint unless the newest one already holds this version; returns its path. */
    public synchronized Path write() {
        TrainingSession.CheckpointData data = session.checkpointData();
        Path file = folder.checkpoint(data.model().version());
        if (data.model().version() == lastVersion && Files.exists(file)) {
            return file;
        }
        try {
            write(file, data);
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        }
        written.increment();
        lastWrittenMillis.set(System.currentTimeMillis());
        lastVersion = data.model().version();
        prune();
        log.debug("checkpoint {} written", file.getFileName());
        return file;
    }

    /** Writes the final model: a checkpoint under a fixed name. */
    public synchronized Path writeFinal() {
        Path file = folder.finalModel();
        write(file, session.checkpointData());
        return file;
    }

    /** Writes a model file (the checkpoint format) of this data under any name: the best model. */
    public void writeModel(Path file, TrainingSession.CheckpointData data) {
        write(file, data);
    }

    private void write(Path file, TrainingSession.CheckpointData data) {
        CheckpointState state = new CheckpointState(data.model().version(), data.envSteps(), data.episodes(),
                data.recentReturns(), data.bestAverage(), data.model().optimizerSteps(), data.wallSeconds(),
                session.config(), data.model().moments());
        CheckpointFile.write(file, data.model().graph(), data.model().optimizerState(), state);
    }

    /**
     * Keeps the newest {@code keep} valid checkpoints. Older valid ones go, and so do invalid ones
     * older than the newest valid one (nothing would ever resume from them); an invalid file newer
     * than every valid one is left alone, and the newest valid one is never deleted.
     */
    private void prune() {
        int keptValid = 0;
        for (Path file : folder.checkpointsNewestFirst()) {
            CheckpointFile.Verification v = CheckpointFile.verify(file);
            if (v.valid() && keptValid < keep) {
                keptValid++;
                continue;
            }
            if (!v.valid() && keptValid == 0) {
                continue;
            }
            if (!v.valid()) {
                log.warn("deleting invalid checkpoint {} ({})", file.getFileName(), v.problem());
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Leftovers of a write interrupted by a crash. */
    private void removeStaleTemporaryFiles() {
        try (Stream<Path> files = Files.list(folder.checkpoints())) {
            for (Path tmp : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                log.info("removing {} left by an interrupted checkpoint write", tmp.getFileName());
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            log.warn("could not clean temporary files in {}", folder.checkpoints(), e);
        }
    }
}

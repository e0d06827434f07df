package dev.a3c.server;

import dev.a3c.common.checkpoint.CheckpointFile;
import dev.a3c.common.checkpoint.CheckpointState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes checkpoints of a session into the run folder and keeps the newest few. */
final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final TrainingSession session;
    private final RunFolder folder;
    private final int keep;
    private long lastVersion = -1;

    Checkpointer(TrainingSession session, RunFolder folder, int keep) {
        this.session = session;
        this.folder = folder;
        this.keep = keep;
    }

    /** Writes a checkpoint unless the newest one already holds this version; returns its path. */
    synchronized Path write() {
        TrainingSession.CheckpointData data = session.checkpointData();
        Path file = folder.checkpoint(data.model().version());
        if (data.model().version() == lastVersion && Files.exists(file)) {
            return file;
        }
        write(file, data);
        lastVersion = data.model().version();
        prune();
        log.debug("checkpoint {} written", file.getFileName());
        return file;
    }

    /** Writes the final model: a checkpoint under a fixed name. */
    synchronized Path writeFinal() {
        Path file = folder.finalModel();
        write(file, session.checkpointData());
        return file;
    }

    private void write(Path file, TrainingSession.CheckpointData data) {
        CheckpointState state = new CheckpointState(data.model().version(), data.envSteps(), data.episodes(),
                data.recentReturns(), data.bestAverage(), data.model().optimizerSteps(), data.wallSeconds(),
                session.config());
        CheckpointFile.write(file, data.model().graph(), data.model().optimizerState(), state);
    }

    private void prune() {
        List<Path> all = folder.checkpointsNewestFirst();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

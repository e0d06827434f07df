package dev.a3c.server.run;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.plot.EpisodeLog;
import dev.a3c.server.plot.EvaluationLog;
import dev.a3c.server.plot.RewardCurvePlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a run folder's {@code reward-curve.png} current: redrawn after periodic checkpoints (at most once per
 * {@link #MIN_INTERVAL}, so a checkpoint every few updates does not redraw every time) and when the run ends, so a
 * crashed run still has a recent one. Plots are a convenience: a failure to draw is logged, never thrown.
 */
public final class RewardCurveRefresher {

    private static final Logger log = LoggerFactory.getLogger(RewardCurveRefresher.class);

    /** The shortest time between two redraws after checkpoints. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

    private final RunFolder folder;
    private final String env;
    private final Double targetReturn;
    private final LongSupplier nanoTime;
    private long lastDrawn;
    private boolean drawn;

    public RewardCurveRefresher(RunFolder folder, TrainingConfig config, LongSupplier nanoTime) {
        this.folder = folder;
        this.env = config.environment().id();
        this.targetReturn = config.schedule().targetReturn();
        this.nanoTime = nanoTime;
    }

    public RewardCurveRefresher(RunFolder folder, TrainingConfig config) {
        this(folder, config, System::nanoTime);
    }

    /** The plot's path in the run folder. */
    Path file() {
        return folder.rewardCurve();
    }

    /** Redraws unless the last redraw was less than {@link #MIN_INTERVAL} ago; returns whether it drew. */
    public synchronized boolean refresh() {
        if (drawn && nanoTime.getAsLong() - lastDrawn < MIN_INTERVAL.toNanos()) {
            return false;
        }
        return draw();
    }

    /** Draws the plot now from the episodes so far (none: nothing to draw); returns whether it drew. */
    public synchronized boolean draw() {
        Path episodes = folder.episodesCsv();
        if (!Files.exists(episodes)) {
            return false;
        }
        try {
            EpisodeLog episodeLog = EpisodeLog.read(episodes);
            if (episodeLog.size() == 0) {
                return false;
            }
            RewardCurvePlot.write(episodeLog, EvaluationLog.read(folder.evaluationsCsv()), env, targetReturn, file());
            lastDrawn = nanoTime.getAsLong();
            drawn = true;
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) {
            // a headless JRE without fonts fails with errors, not exceptions: neither may stop the server
            log.warn("could not draw {}: {}", file(), e.toString());
            return false;
        }
    }
}

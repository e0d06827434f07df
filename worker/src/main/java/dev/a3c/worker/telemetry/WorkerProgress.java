package dev.a3c.worker.telemetry;

import dev.a3c.worker.Worker;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.learner.GradientComputer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker has done: the pushes the server applied (with their env steps and episodes), their
 * staleness, and where the time of a rollout goes (acting, learning, waiting for the server).
 * Logs a line every {@code logIntervalNanos}.
 */
public final class WorkerProgress {

    private static final Logger log = LoggerFactory.getLogger(WorkerProgress.class);

    private int workerId;
    private final long logIntervalNanos;
    private long pushes;
    private long dropped;
    private long envSteps;
    private long episodes;
    private long stalenessSum;
    private long actNanos;
    private long learnNanos;
    private long waitNanos;
    private long lastLog = System.nanoTime();
    private long stepsAtLastLog;
    private long lossCount;
    private double policyLossSum;
    private double valueLossSum;
    private double entropySum;
    private double gradientNormSum;
    private long pushesAtLastLog;

    public WorkerProgress(int workerId, long logIntervalNanos) {
        this.workerId = workerId;
        this.logIntervalNanos = logIntervalNanos;
    }

    /** Counts a push once the server says it was applied, by this call or (duplicate) an earlier one. */
    public void acknowledged(ParameterServerClient.PushAck ack, long steps, int finishedEpisodes) {
        if (ack.applied() || ack.duplicate()) {
            pushes++;
            envSteps += steps;
            episodes += finishedEpisodes;
            stalenessSum += ack.staleness();
        }
    }

    /** The server refused a push (too stale); its steps and episodes are lost. */
    public void dropped() {
        dropped++;
    }

    long droppedPushes() {
        return dropped;
    }

    /** The worker registered again (with a restarted server) and has a new id. */
    public void rejoined(int newWorkerId) {
        workerId = newWorkerId;
    }

    public void acted(long nanos) {
        actNanos += nanos;
    }

    public void learned(long nanos, GradientComputer.Result result) {
        learnNanos += nanos;
        lossCount++;
        policyLossSum += result.terms().policyLoss();
        valueLossSum += result.terms().valueLoss();
        entropySum += result.terms().entropy();
        gradientNormSum += result.gradientNorm();
    }

    public void waited(long nanos) {
        waitNanos += nanos;
    }

    public void maybeLog() {
        long now = System.nanoTime();
        if (now - lastLog < logIntervalNanos) {
            return;
        }
        long rollouts = Math.max(1, pushes - pushesAtLastLog);
        long losses = Math.max(1, lossCount);
        log.info("worker {}: {} env steps ({} /s), {} pushes ({} dropped as stale), mean staleness {}; per rollout: act {} ms, learn {} ms, "
                        + "wait {} ms; mean policy loss {}, value loss {}, entropy {}, gradient norm {}", workerId, envSteps,
                Math.round((envSteps - stepsAtLastLog) / ((now - lastLog) / 1e9)),
                pushes, dropped, pushes == 0 ? "-" : String.format("%.2f", (double) stalenessSum / pushes),
                millis(actNanos, rollouts), millis(learnNanos, rollouts), millis(waitNanos, rollouts),
                String.format("%.4f", policyLossSum / losses), String.format("%.4f", valueLossSum / losses),
                String.format("%.4f", entropySum / losses), String.format("%.3f", gradientNormSum / losses));
        lossCount = 0;
        policyLossSum = 0;
        valueLossSum = 0;
        entropySum = 0;
        gradientNormSum = 0;
        lastLog = now;
        stepsAtLastLog = envSteps;
        pushesAtLastLog = pushes;
        actNanos = 0;
        learnNanos = 0;
        waitNanos = 0;
    }

    public Worker.Summary summary(String stopReason) {
        return new Worker.Summary(workerId, pushes, envSteps, episodes, stopReason);
    }

    private static String millis(long nanos, long count) {
        return String.format("%.2f", nanos / 1e6 / count);
    }
}

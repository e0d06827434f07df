package dev.a3c.worker;

import dev.a3c.config.WirePrecision;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.client.ServerException;
import dev.a3c.worker.learner.VectorEnv;
import dev.a3c.worker.telemetry.WorkerMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push in flight and the weights that come back with its answer (or from a pull after it, from a server that
 * does not send them with the answer): at most one push at a time, so that the worker plays its next rollout while
 * the last gradient travels. The new weights wait here until the loop takes them.
 */
public final class PushPipeline {

    private static final Logger log = LoggerFactory.getLogger(PushPipeline.class);

    /**
     * One gradient to push: little-endian bytes in {@code precision}, unchanged until its push is answered;
     * {@code observations}, the moments of its rollout's observations in a run that standardizes them (else null).
     */
    public record Push(int workerId, long sequence, long baseVersion, byte[] gradient, long envSteps,
                List<VectorEnv.Episode> episodes, ObservationMoments observations, WirePrecision precision) {

        /** A float32 push of a run that does not standardize observations. */
        public Push(int workerId, long sequence, long baseVersion, byte[] gradient, long envSteps,
                    List<VectorEnv.Episode> episodes) {
            this(workerId, sequence, baseVersion, gradient, envSteps, episodes, null, WirePrecision.FLOAT32);
        }
    }

    private final ParameterServerClient client;
    private final WorkerMetrics metrics;
    private final Retry retry;
    private final AtomicReference<ParameterServerClient.Weights> pulled = new AtomicReference<>();
    private Push pending;
    private CompletableFuture<ParameterServerClient.PushAck> inFlight;

    public PushPipeline(ParameterServerClient client, WorkerMetrics metrics, Retry retry) {
        this.client = client;
        this.metrics = metrics;
        this.retry = retry;
    }

    /** Sends {@code push}, then pulls the weights after it; the previous push must have been awaited. */
    public void send(Push push) {
        if (inFlight != null) {
            throw new IllegalStateException("a push is in flight");
        }
        pending = push;
        inFlight = pushThenPull(push);
    }

    public boolean inFlight() {
        return inFlight != null;
    }

    /** The push in flight, or the last one sent. */
    public Push pending() {
        return pending;
    }

    /**
     * Waits for the push in flight and its pull; while the server is unavailable, sends the same push again (the
     * server applies a sequence number once).
     *
     * @throws ServerException.StalePush when the server refused the gradient as too stale
     * @throws ServerException.UnknownWorker when the server no longer knows this worker
     */
    public ParameterServerClient.PushAck await() throws InterruptedException {
        CompletableFuture<ParameterServerClient.PushAck> future = inFlight;
        inFlight = null;
        try {
            return future.get();
        } catch (ExecutionException e) {
            RuntimeException error = ServerException.of(e.getCause());
            if (!(error instanceof ServerException.Unavailable)) {
                throw error;
            }
            log.warn("push {} failed ({}), retrying", pending.sequence(), error.getMessage());
            return retry.call("push", () -> {
                try {
                    return pushThenPull(pending).get();
                } catch (ExecutionException inner) {
                    throw ServerException.of(inner.getCause());
                } catch (InterruptedException inner) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(inner);
                }
            });
        }
    }

    /** The newest weights pulled since the last call, or null. */
    public ParameterServerClient.Weights takeWeights() {
        return pulled.getAndSet(null);
    }

    /** Weights pulled outside the pipeline, for the loop to take next. */
    public void offerWeights(ParameterServerClient.Weights weights) {
        pulled.set(weights);
    }

    /** Forgets the push in flight and any pulled weights (the worker joined a restarted server). */
    public void reset() {
        inFlight = null;
        pending = null;
        pulled.set(null);
    }

    /**
     * The answer to the last push, if it comes within {@code patience}: when the loop stops, the last push is
     * waited for briefly and not retried, so that a worker asked to stop leaves promptly.
     */
    public Optional<ParameterServerClient.PushAck> finish(Duration patience) {
        if (inFlight == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(inFlight.get(patience.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("last push not confirmed", e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            inFlight = null;
        }
    }

    /**
     * The push, asking for the newest weights in its answer; a server that sends none (one older than that part of
     * the protocol) gets a pull after the push.
     */
    private CompletableFuture<ParameterServerClient.PushAck> pushThenPull(Push push) {
        long pushStart = System.nanoTime();
        return client.pushAsync(push.workerId(), push.sequence(), push.baseVersion(), push.gradient(), push.envSteps(),
                        push.episodes(), push.observations(), push.precision(), true)
                .whenComplete((ack, error) -> {
                    if (error == null) {
                        metrics.pushAnswered(ack, push.envSteps(), System.nanoTime() - pushStart);
                    } else {
                        metrics.pushRefused(ServerException.reason(error));
                    }
                })
                .thenCompose(ack -> {
                    if (ack.stop()) {
                        return CompletableFuture.completedFuture(ack);
                    }
                    if (ack.weights() != null) {
                        pulled.set(ack.weights());
                        return CompletableFuture.completedFuture(ack);
                    }
                    long pullStart = System.nanoTime();
                    return client.pullAsync(push.workerId(), push.baseVersion()).thenApply(weights -> {
                        metrics.pulled(System.nanoTime() - pullStart);
                        pulled.set(weights);
                        return ack;
                    });
                });
    }
}

package dev.a3c.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.proto.DType;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.training.WorkerStatus;
import dev.a3c.worker.client.ParameterServerClient;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Worker} end to end against a real parameter server on loopback: workers run until the
 * server's step budget is spent and stop by themselves; what they report agrees with what the
 * server counted; a push whose answer is lost is re-sent with the same sequence number and
 * counted once.
 */
@Tag("integration")
class WorkerEndToEndTest {

    private static final int K = 8;
    private static final int T = 5;
    private static final long BUDGET = 20_000;
    private static final String OVER = "server says training is over";

    private static TrainingConfig config() {
        return TrainingConfig.of("CartPole-v1", "--envs-per-worker " + K + " --rollout-steps " + T + " --lr 7e-4 --max-steps " + BUDGET
                + " --target-return none --checkpoint-interval 1h");
    }

    private static ParameterServer startServer(Path runDir) throws Exception {
        return startServer(runDir, config());
    }

    private static ParameterServer startServer(Path runDir, TrainingConfig config) throws Exception {
        return ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(2)).keepCheckpoints(1).maxMessageBytes(16 << 20).build());
    }

    /**
     * Watches a worker's pushes on its channel: the sequence numbers it sends, the answers it gets,
     * and drops the answer of the chosen calls (the server has applied them) as if the connection broke.
     */
    private static final class PushTap implements ClientInterceptor {
        final Set<Integer> dropCalls;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger stopAcks = new AtomicInteger();
        final List<Long> sequences = Collections.synchronizedList(new ArrayList<>());
        /** The dtype and byte size of every gradient sent, and the dtype of every weights answer. */
        final List<String> gradients = Collections.synchronizedList(new ArrayList<>());
        final List<DType> answers = Collections.synchronizedList(new ArrayList<>());

        PushTap(Set<Integer> dropCalls) {
            this.dropCalls = dropCalls;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            ClientCall<Q, R> call = next.newCall(method, options);
            if (!method.getFullMethodName().equals(ParameterServerGrpc.getPushGradientsMethod().getFullMethodName())) {
                return call;
            }
            boolean drop = dropCalls.contains(calls.incrementAndGet());
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void sendMessage(Q message) {
                    PushGradientsRequest request = (PushGradientsRequest) message;
                    sequences.add(request.getSequence());
                    gradients.add(request.getGradient().getDtype() + " " + request.getGradient().getData().size());
                    super.sendMessage(message);
                }

                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onMessage(R message) {
                            PushGradientsResponse response = (PushGradientsResponse) message;
                            if (response.hasWeights()) {
                                answers.add(response.getWeights().getDtype());
                            }
                            if (response.getDuplicate()) {
                                duplicates.incrementAndGet();
                            }
                            if (response.getStop() && !response.getDuplicate()) {
                                stopAcks.incrementAndGet();
                            }
                            if (!drop) {
                                super.onMessage(message);
                            }
                        }

                        @Override
                        public void onClose(Status status, Metadata trailers) {
                            if (drop && status.isOk()) {
                                dropped.incrementAndGet();
                                super.onClose(Status.UNAVAILABLE.withDescription("answer dropped by the test"), new Metadata());
                            } else {
                                super.onClose(status, trailers);
                            }
                        }
                    }, headers);
                }
            };
        }
    }

    private record Running(Worker worker, ManagedChannel channel, PushTap tap, Future<Worker.Summary> summary) {}

    private static Running startWorker(ExecutorService pool, int port, Set<Integer> dropCalls, String host) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        PushTap tap = new PushTap(dropCalls);
        Worker worker = new Worker(new ParameterServerClient(ClientInterceptors.intercept(channel, tap), Duration.ofSeconds(10)),
                new Worker.Identity(host, ProcessHandle.current().pid(), 1, "test"), Duration.ofSeconds(20));
        return new Running(worker, channel, tap, pool.submit(worker::run));
    }

    private static void stopAll(List<Running> running, ExecutorService pool) throws InterruptedException {
        running.forEach(r -> r.worker().requestStop());
        pool.shutdown();
        if (!pool.awaitTermination(20, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        for (Running r : running) {
            r.channel().shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static WorkerStatus serverView(TrainingSession session, int workerId) {
        return session.status().workers().stream().filter(w -> w.id() == workerId).findFirst()
                .orElseThrow(() -> new AssertionError("server does not know worker " + workerId));
    }

    @Test
    void oneWorkerRunsTheBudgetOutAndALostAnswerIsCountedOnce(@TempDir Path runDir) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Running> running = new ArrayList<>();
        try (ParameterServer server = startServer(runDir)) {
            running.add(startWorker(pool, server.grpcPort(), Set.of(3, 7), "w0"));
            Running r = running.get(0);
            Worker.Summary summary = r.summary().get(90, TimeUnit.SECONDS);

            assertEquals(OVER, summary.stopReason());
            TrainingSession session = server.session();
            RunState status = session.status();
            assertTrue(status.finished());
            assertTrue(status.stopReason().startsWith("step budget spent"), status.stopReason());
            // One worker: the push that spends the budget is the last one, and rollouts divide the budget evenly.
            assertEquals(BUDGET, status.envSteps());
            assertEquals(BUDGET / (K * T), summary.pushes());
            assertEquals(BUDGET, summary.envSteps());

            WorkerStatus seen = serverView(session, summary.workerId());
            assertEquals(summary.pushes(), seen.pushes(), "pushes: worker and server agree");
            assertEquals(summary.envSteps(), seen.envSteps(), "env steps: worker and server agree");
            assertEquals(summary.episodes(), status.episodes(), "every finished episode reported once");
            assertTrue(summary.episodes() > 0);
            assertEquals(summary.pushes(), status.updates(), "each push applied exactly once");
            assertTrue(!seen.active(), "the worker deregistered");

            // Two answers were lost: the same sequence numbers were sent again and acknowledged as duplicates.
            assertEquals(2, r.tap().dropped.get());
            assertEquals(2, r.tap().duplicates.get());
            List<Long> sent = List.copyOf(r.tap().sequences);
            assertEquals(summary.pushes() + 2, sent.size(), "every push once, the two lost ones twice: " + sent);
            assertEquals(sent.get(2), sent.get(3), "call 3 lost its answer: call 4 repeats its sequence");
            assertEquals(sent.get(6), sent.get(7), "call 7 lost its answer: call 8 repeats its sequence");
            assertEquals(summary.pushes(), sent.stream().distinct().count());
            for (int i = 1; i < sent.size(); i++) {
                long step = sent.get(i) - sent.get(i - 1);
                assertTrue(step == 0 || step == 1, "sequences go up one at a time: " + sent);
            }
            assertEquals(1L, sent.get(0), "sequences start at 1");

            // a worker that joins after the end is told so at once: it plays nothing and leaves
            running.add(startWorker(pool, server.grpcPort(), Set.of(), "late"));
            Worker.Summary late = running.get(1).summary().get(30, TimeUnit.SECONDS);
            assertEquals(OVER, late.stopReason());
            assertTrue(late.runOver());
            assertEquals(0, late.pushes());
            assertEquals(0, running.get(1).tap().calls.get(), "no rollout, no push");
            assertTrue(!serverView(session, late.workerId()).active(), "the late worker deregistered");
        } finally {
            stopAll(running, pool);
        }
    }

    @Test
    void workersWhosePushesAreTooStaleDropThemAndCarryOn(@TempDir Path runDir) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Running> running = new ArrayList<>();
        // three pipelined workers see staleness 2-4: a limit of 1 refuses many pushes
        try (ParameterServer server = startServer(runDir, config().with("--max-staleness 1"))) {
            for (int i = 0; i < 3; i++) {
                running.add(startWorker(pool, server.grpcPort(), Set.of(), "w" + i));
            }
            long applied = 0;
            for (Running r : running) {
                Worker.Summary summary = r.summary().get(90, TimeUnit.SECONDS);
                assertEquals(OVER, summary.stopReason(), "a refused push is not a reason to leave");
                applied += summary.pushes();
            }
            RunState status = server.session().status();
            assertTrue(status.finished());
            assertTrue(status.envSteps() >= BUDGET);
            double refused = server.session().meters().get("a3c.requests.rejected").tag("reason", "stale").counter().count();
            assertTrue(refused > 0, "some pushes were too stale");
            assertEquals(status.updates(), applied, "the workers count exactly the pushes the server applied");
        } finally {
            stopAll(running, pool);
        }
    }

    @Test
    void twoWorkersStopByThemselvesAndTheServerCountedWhatTheyReport(@TempDir Path runDir) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Running> running = new ArrayList<>();
        try (ParameterServer server = startServer(runDir)) {
            running.add(startWorker(pool, server.grpcPort(), Set.of(5), "w0"));
            running.add(startWorker(pool, server.grpcPort(), Set.of(), "w1"));
            List<Worker.Summary> summaries = new ArrayList<>();
            for (Running r : running) {
                summaries.add(r.summary().get(90, TimeUnit.SECONDS));
            }

            TrainingSession session = server.session();
            RunState status = session.status();
            assertTrue(status.finished());
            assertTrue(status.envSteps() >= BUDGET);
            assertTrue(status.envSteps() <= BUDGET + 2L * K * T, "at most one rollout per worker beyond the budget: "
                    + status.envSteps());
            assertEquals(2, status.workers().size());
            assertTrue(summaries.get(0).workerId() != summaries.get(1).workerId());

            long serverPushes = 0;
            long serverSteps = 0;
            long workerEpisodes = 0;
            for (int i = 0; i < 2; i++) {
                Worker.Summary summary = summaries.get(i);
                PushTap tap = running.get(i).tap();
                assertEquals(OVER, summary.stopReason(), "worker " + i);
                WorkerStatus seen = serverView(session, summary.workerId());
                assertTrue(!seen.active(), "worker " + i + " deregistered");
                serverPushes += seen.pushes();
                serverSteps += seen.envSteps();
                workerEpisodes += summary.episodes();
                // The worker counts exactly the pushes the server applied (answers say "applied" or "duplicate").
                assertEquals(seen.pushes(), summary.pushes(), "worker " + i + " pushes");
                assertEquals(seen.envSteps(), summary.envSteps(), "worker " + i + " env steps");
                // One sequence number per counted push; one more if the last push reached a finished server.
                long distinct = tap.sequences.stream().distinct().count();
                assertTrue(distinct == summary.pushes() || (distinct == summary.pushes() + 1 && tap.stopAcks.get() == 1),
                        "worker " + i + " sent " + distinct + " sequence numbers for " + summary.pushes() + " pushes");
            }
            assertEquals(1, running.get(0).tap().duplicates.get(), "the re-sent push was recognised");
            assertEquals(status.updates(), serverPushes, "every push applied exactly once");
            assertEquals(status.envSteps(), serverSteps);
            assertTrue(workerEpisodes >= status.episodes());
        } finally {
            stopAll(running, pool);
        }
    }

    @Test
    void standardizedObservationsAreCountedOncePerStepAcrossWorkersAndLostAnswers(@TempDir Path runDir) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Running> running = new ArrayList<>();
        ObservationMoments moments;
        try (ParameterServer server = startServer(runDir, config().with("--standardize-observations"))) {
            running.add(startWorker(pool, server.grpcPort(), Set.of(3), "w0"));
            running.add(startWorker(pool, server.grpcPort(), Set.of(), "w1"));
            for (Running r : running) {
                r.summary().get(90, TimeUnit.SECONDS);
            }
            assertEquals(1, running.get(0).tap().duplicates.get(), "a push whose answer was lost was sent again");
            TrainingSession session = server.session();
            moments = session.checkpointData().model().moments();
            assertEquals(session.status().envSteps(), moments.count(),
                    "every applied push's observations counted once, the re-sent one too");
            // CartPole's cart position and pole angle stay near 0 (an episode ends beyond 2.4 and 0.21)
            assertTrue(Math.abs(moments.mean()[0]) < 2.4 && Math.abs(moments.mean()[2]) < 0.21, moments.toString());
            assertTrue(moments.variance(0) > 0 && moments.variance(2) > 0, moments.toString());
        } finally {
            stopAll(running, pool);
        }
        // written as the server closes
        assertEquals(moments, CheckpointFile.readState(runDir.resolve("final-model.zip")).observationMoments(),
                "the model file holds the moments its inputs were standardized by");
    }

    @Test
    void aBfloat16RunMovesHalfTheBytesAndCountsEveryPushOnce(@TempDir Path runDir) throws Exception {
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Running> running = new ArrayList<>();
        try (ParameterServer server = startServer(runDir, config().with("--wire-precision bfloat16"))) {
            running.add(startWorker(pool, server.grpcPort(), Set.of(3), "w0"));
            running.add(startWorker(pool, server.grpcPort(), Set.of(), "w1"));
            long pushes = 0;
            for (Running r : running) {
                Worker.Summary summary = r.summary().get(90, TimeUnit.SECONDS);
                assertEquals(OVER, summary.stopReason());
                pushes += summary.pushes();
            }
            TrainingSession session = server.session();
            assertTrue(session.status().finished());
            assertEquals(session.status().updates(), pushes, "every push applied once, the re-sent one too");
            assertEquals(1, running.get(0).tap().duplicates.get());
            long bytes = 2L * session.parameterCount();
            for (Running r : running) {
                assertFalse(r.tap().gradients.isEmpty());
                assertTrue(r.tap().gradients.stream().allMatch(g -> g.equals("BFLOAT16 " + bytes)), r.tap().gradients.toString());
                assertFalse(r.tap().answers.isEmpty());
                assertTrue(r.tap().answers.stream().allMatch(d -> d == DType.BFLOAT16), r.tap().answers.toString());
            }
        } finally {
            stopAll(running, pool);
        }
    }
}

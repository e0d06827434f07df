package dev.a3c.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.a3c.config.NetworkSpec;
import dev.a3c.proto.DType;
import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.DeregisterResponse;
import dev.a3c.proto.NetworkDefinition;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.worker.client.IncompatibleServerException;
import dev.a3c.worker.client.ParameterServerClient;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker loop's side of the protocol, against a scripted server on an in-process channel.
 * Server and channel run on the calling thread, so that a push and the pull that follows it
 * complete before the worker's loop goes on: the orderings below are deterministic.
 */
class WorkerProtocolTest {

    private static final NetworkSpec SPEC = NetworkSpec.mlp(4, 2, List.of(8), "tanh");
    private static final int K = 2;
    private static final int T = 5;
    /** Episodes are cut after T steps: every push carries exactly K finished episodes. */
    private static final int EPISODE_LIMIT = T;

    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void shutdown() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A server that applies every push, answers pulls with zero weights, and stops when told to. */
    private static class ScriptedServer extends ParameterServerGrpc.ParameterServerImplBase {
        final AtomicLong version = new AtomicLong();
        final AtomicInteger pushCalls = new AtomicInteger();
        final AtomicInteger pullCalls = new AtomicInteger();
        /** Whether a push that asks for the newest weights gets them in its answer (a server older than that does not). */
        volatile boolean answerWithWeights;
        final AtomicInteger deregistered = new AtomicInteger();
        final List<Long> appliedSequences = Collections.synchronizedList(new ArrayList<>());
        final List<Long> sentSequences = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong appliedSteps = new AtomicLong();
        final AtomicLong appliedEpisodes = new AtomicLong();
        volatile boolean over;
        volatile String fingerprint = SPEC.fingerprint();
        /** After this many applied pushes, the next pull says stop (the push itself is answered normally). */
        volatile int stopPullAfter = Integer.MAX_VALUE;
        /** Applied pushes after which the push answer itself says stop. */
        volatile int stopAckAt = Integer.MAX_VALUE;
        /** Push calls (1-based) whose answer is lost after the server applied them. */
        volatile IntPredicate loseAnswer = call -> false;
        final AtomicReference<Runnable> onPush = new AtomicReference<>(() -> { });
        long lastSequence;

        @Override
        public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
            responses.onNext(RegisterResponse.newBuilder()
                    .setWorkerId(4)
                    .setRank(0)
                    .setWeightsVersion(version.get())
                    .setConfigJson(dev.a3c.config.TrainingConfig.of("CartPole-v1", "--max-episode-steps "
                            + EPISODE_LIMIT + " --envs-per-worker " + K + " --rollout-steps " + T + " --seed 3 --hidden 8")
                            .toJson())
                    .setNetwork(NetworkDefinition.newBuilder().addObservationShape(4).setTorso("mlp").setHead("categorical")
                            .setActionSize(2).addHiddenLayers(8)
                            .setActivation("tanh").setParameterCount(SPEC.parameterCount()).setFingerprint(fingerprint))
                    .build());
            responses.onCompleted();
        }

        @Override
        public void pullWeights(PullWeightsRequest request, StreamObserver<PullWeightsResponse> responses) {
            pullCalls.incrementAndGet();
            boolean stop = over || appliedSequences.size() >= stopPullAfter;
            over = stop;
            PullWeightsResponse.Builder response = PullWeightsResponse.newBuilder().setVersion(version.get()).setStop(stop);
            if (request.getSinceVersion() != version.get()) {
                response.setModified(true).setWeights(Tensor.newBuilder().addShape(SPEC.parameterCount())
                        .setDtype(DType.FLOAT32).setData(ByteString.copyFrom(new byte[(int) SPEC.parameterCount() * 4])));
            }
            responses.onNext(response.build());
            responses.onCompleted();
        }

        @Override
        public synchronized void pushGradients(PushGradientsRequest request, StreamObserver<PushGradientsResponse> responses) {
            int call = pushCalls.incrementAndGet();
            sentSequences.add(request.getSequence());
            onPush.get().run();
            PushGradientsResponse.Builder ack = PushGradientsResponse.newBuilder();
            if (over) {
                // the real server's answer to a push after the end: stop, not applied
                responses.onNext(ack.setVersion(version.get()).setStop(true).build());
                responses.onCompleted();
                return;
            }
            if (request.getSequence() <= lastSequence) {
                ack.setDuplicate(true);
            } else {
                lastSequence = request.getSequence();
                appliedSequences.add(request.getSequence());
                appliedSteps.addAndGet(request.getEnvSteps());
                appliedEpisodes.addAndGet(request.getEpisodesCount());
                version.incrementAndGet();
                ack.setApplied(true);
                if (appliedSequences.size() >= stopAckAt) {
                    over = true;
                    ack.setStop(true);
                }
            }
            if (loseAnswer.test(call)) {
                responses.onError(Status.UNAVAILABLE.withDescription("answer lost").asRuntimeException());
                return;
            }
            if (answerWithWeights && request.getReturnWeights() && !ack.getStop()) {
                ack.setWeightsVersion(version.get()).setWeights(Tensor.newBuilder().addShape(SPEC.parameterCount())
                        .setDtype(DType.FLOAT32).setData(ByteString.copyFrom(new byte[(int) SPEC.parameterCount() * 4])));
            }
            responses.onNext(ack.setVersion(version.get()).build());
            responses.onCompleted();
        }

        @Override
        public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> responses) {
            deregistered.incrementAndGet();
            responses.onNext(DeregisterResponse.getDefaultInstance());
            responses.onCompleted();
        }
    }

    private Worker worker(ScriptedServer scripted) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(scripted).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return new Worker(new ParameterServerClient(channel, Duration.ofSeconds(5)),
                new Worker.Identity("test", 1, 1, "test"), Duration.ofSeconds(5));
    }

    private static void assertAgrees(ScriptedServer scripted, Worker.Summary summary) {
        assertEquals(scripted.appliedSequences.size(), summary.pushes(), "pushes the server applied");
        assertEquals(scripted.appliedSteps.get(), summary.envSteps(), "env steps the server applied");
        assertEquals(scripted.appliedEpisodes.get(), summary.episodes(), "episodes the server received");
        assertEquals(1, scripted.deregistered.get(), "the worker deregistered");
    }

    @Test
    void weightsInThePushAnswerSaveThePullAfterIt() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.answerWithWeights = true;
        scripted.stopAckAt = 5;
        Worker.Summary summary = worker(scripted).run();
        assertEquals(5, summary.pushes());
        assertEquals(1, scripted.pullCalls.get(), "only the first weights are pulled");
        assertAgrees(scripted, summary);
    }

    @Test
    void aServerThatSendsNoWeightsWithItsAnswerIsPulledFromAfterEachPush() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.stopAckAt = 5;
        Worker.Summary summary = worker(scripted).run();
        assertEquals(5, summary.pushes());
        assertEquals(1 + 4, scripted.pullCalls.get(), "the first weights, then one pull after each push not answered stop");
        assertAgrees(scripted, summary);
    }

    @Test
    void aPushAnsweredStopEndsTheLoopAndCounts() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.stopAckAt = 4;
        Worker.Summary summary = worker(scripted).run();
        assertEquals("server says training is over", summary.stopReason());
        assertEquals(4, summary.pushes());
        assertEquals(4L * K * T, summary.envSteps());
        assertEquals(4L * K, summary.episodes());
        assertEquals(4, scripted.pushCalls.get(), "nothing pushed after the stop");
        assertAgrees(scripted, summary);
    }

    @Test
    void aPullSayingStopAfterTheInFlightPushWasAppliedStillCountsThatPush() throws Exception {
        // Push 3 is applied and answered normally; the pull that follows it says training is over. The
        // worker learns it at the top of its loop, with push 3 confirmed but not yet counted.
        ScriptedServer scripted = new ScriptedServer();
        scripted.stopPullAfter = 3;
        Worker.Summary summary = worker(scripted).run();
        assertEquals("server says training is over", summary.stopReason());
        assertEquals(List.of(1L, 2L, 3L), scripted.appliedSequences);
        assertAgrees(scripted, summary);
    }

    @Test
    void aPushSentAfterTheEndIsNotCounted() throws Exception {
        // Training ends (by another worker) while this worker's push 3 is on its way: the push is answered
        // "stop" and not applied.
        ScriptedServer scripted = new ScriptedServer();
        scripted.onPush.set(() -> {
            if (scripted.pushCalls.get() == 3) {
                scripted.over = true;
            }
        });
        Worker.Summary summary = worker(scripted).run();
        assertEquals("server says training is over", summary.stopReason());
        assertEquals(List.of(1L, 2L), scripted.appliedSequences);
        // The answer to push 3 says "stop" and not "applied": the worker does not count it.
        assertEquals(2, summary.pushes());
        assertAgrees(scripted, summary);
    }

    @Test
    void aLostAnswerIsRetriedWithTheSameSequenceAndCountedOnce() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.stopAckAt = 6;
        scripted.loseAnswer = call -> call == 2 || call == 5;
        Worker.Summary summary = worker(scripted).run();
        assertEquals(List.of(1L, 2L, 2L, 3L, 4L, 4L, 5L, 6L), scripted.sentSequences);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), scripted.appliedSequences);
        assertEquals(6, summary.pushes());
        assertAgrees(scripted, summary);
    }

    @Test
    void whenTheServerSaysStopAtOnceNothingIsPushed() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.over = true;
        Worker.Summary summary = worker(scripted).run();
        assertEquals("server says training is over", summary.stopReason());
        assertEquals(0, summary.pushes());
        assertEquals(0, scripted.pushCalls.get());
        assertEquals(1, scripted.deregistered.get());
    }

    @Test
    void aRequestedStopConfirmsTheLastPushAndCountsItFully() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        AtomicReference<Worker> self = new AtomicReference<>();
        scripted.onPush.set(() -> {
            if (scripted.pushCalls.get() == 4) {
                self.get().requestStop();
            }
        });
        Worker worker = worker(scripted);
        self.set(worker);
        Worker.Summary summary = worker.run();
        assertEquals("stop requested", summary.stopReason());
        assertEquals(4, summary.pushes());
        assertAgrees(scripted, summary);
    }

    @Test
    void aServerWithADifferentNetworkIsRefused() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.fingerprint = "0000000000000000";
        Worker worker = worker(scripted);
        IncompatibleServerException e = assertThrows(IncompatibleServerException.class, worker::run);
        assertTrue(e.getMessage().contains("0000000000000000"), e.getMessage());
        assertEquals(0, scripted.pushCalls.get());
    }
}

package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.decode;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pull;
import static dev.a3c.server.TestSupport.pushRequest;
import static dev.a3c.server.TestSupport.register;
import static dev.a3c.server.TestSupport.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.optim.SharedRmsProp;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.Dl4jUpdaters;
import dev.a3c.proto.DType;
import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.training.WorkerStatus;
import dev.a3c.wire.Refusal;
import dev.a3c.wire.RefusalStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/** The gRPC service over a real session, through the in-process transport and the generated stubs. */
class ParameterServerServiceTest {

    private TestSupport.InProcessGrpc grpc;
    private ParameterServerGrpc.ParameterServerBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        grpc = new TestSupport.InProcessGrpc(TestSupport.config());
        stub = grpc.stub();
    }

    @AfterEach
    void stop() throws Exception {
        grpc.close();
    }

    @Test
    void registerHandsOutIdsConfigAndNetwork() {
        RegisterResponse first = register(stub, "a");
        RegisterResponse second = register(stub, "b");
        assertNotEquals(first.getWorkerId(), second.getWorkerId());
        assertEquals(0, first.getRank(), "ranks count registrations from 0");
        assertEquals(1, second.getRank());
        assertTrue(first.getWorkerId() >= 1 << 20, "ids start at a random first id, not 0: " + first.getWorkerId());
        assertEquals(first.getWorkerId() + 1, second.getWorkerId());
        assertEquals(0, first.getWeightsVersion());
        TrainingConfig config = grpc.session.config();
        assertEquals(PARAMETERS, first.getNetwork().getParameterCount());
        assertEquals(config.networkSpec().fingerprint(), first.getNetwork().getFingerprint());
        assertEquals(List.of(8), first.getNetwork().getHiddenLayersList());
        assertEquals(List.of(4), first.getNetwork().getObservationShapeList());
        assertEquals("mlp", first.getNetwork().getTorso());
        assertEquals("categorical", first.getNetwork().getHead());
        assertEquals(2, first.getNetwork().getActionSize());
        assertEquals(0, first.getNetwork().getLstmSize());
        assertEquals("tanh", first.getNetwork().getActivation());
        // the workers get the run's configuration itself, every group of it
        assertEquals(config, dev.a3c.config.TrainingConfig.fromJson(first.getConfigJson()));
        assertEquals(2, grpc.session.status().activeWorkers());
    }

    @Test
    void concurrentPushesFromManyClientsAreEachAppliedExactlyOnce() throws Exception {
        int clients = 16;
        int pushesEach = 25;
        float[] g = gradient(PARAMETERS, 0.05f);
        Tensor tensor = vector(g);
        int observer = register(stub, "observer").getWorkerId();
        byte[] initial = pull(stub, observer, -1).getWeights().getData().toByteArray();

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        Map<Integer, Long> stepsByWorker = new HashMap<>();
        List<Future<Integer>> ids = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                long stepsPerPush = c + 1;
                ids.add(pool.submit(() -> {
                    ParameterServerGrpc.ParameterServerBlockingStub own = grpc.stub();
                    int id = register(own, "client").getWorkerId();
                    ready.countDown();
                    assertTrue(go.await(20, TimeUnit.SECONDS));
                    long base = 0;
                    for (int seq = 1; seq <= pushesEach; seq++) {
                        PushGradientsRequest request = pushRequest(id, seq, base, tensor, stepsPerPush, 10.0).build();
                        PushGradientsResponse response = own.pushGradients(request);
                        assertFalse(response.getDuplicate());
                        assertFalse(response.getStop());
                        // every client retries every push once: acknowledged, never applied again
                        PushGradientsResponse retry = own.pushGradients(request);
                        assertTrue(retry.getDuplicate());
                        base = response.getVersion();
                    }
                    return id;
                }));
            }
            assertTrue(ready.await(20, TimeUnit.SECONDS));
            go.countDown();
            for (int c = 0; c < clients; c++) {
                stepsByWorker.put(ids.get(c).get(30, TimeUnit.SECONDS), (long) (c + 1) * pushesEach);
            }
        } finally {
            pool.shutdownNow();
        }

        long accepted = (long) clients * pushesEach;
        long totalSteps = stepsByWorker.values().stream().mapToLong(Long::longValue).sum();
        RunState status = grpc.session.status();
        assertEquals(accepted, status.version());
        assertEquals(accepted, status.updates());
        assertEquals(totalSteps, status.envSteps());
        assertEquals(accepted, status.episodes());
        assertEquals(10.0, status.avgReturn100());
        assertEquals(clients + 1, status.activeWorkers());
        for (WorkerStatus w : status.workers()) {
            if (w.id() == observer) {
                assertEquals(0, w.pushes());
                continue;
            }
            assertEquals(pushesEach, w.pushes(), "pushes of worker " + w.id());
            assertEquals(stepsByWorker.get(w.id()), w.envSteps(), "env steps of worker " + w.id());
        }
        assertEquals(accepted, grpc.meters.counter("a3c.updates").count());
        assertEquals(totalSteps, grpc.meters.counter("a3c.env.steps").count());
        assertEquals(accepted, grpc.meters.summary("a3c.push.staleness").count());
        assertEquals(accepted, grpc.meters.summary("a3c.episode.return").count());

        // all gradients are equal, so the order does not matter: the result must equal applying it
        // exactly 'accepted' times, one after the other
        FloatBuffer expected = FloatBuffer.wrap(decode(initial));
        SharedRmsProp reference = new SharedRmsProp(PARAMETERS, grpc.session.config().optimizer().settings().rmsDecay(),
                grpc.session.config().optimizer().settings().epsilon());
        for (long i = 0; i < accepted; i++) {
            reference.step(expected, FloatBuffer.wrap(g), TestSupport.LEARNING_RATE);
        }
        PullWeightsResponse last = pull(stub, observer, 0);
        assertEquals(accepted, last.getVersion());
        assertArrayEquals(expected.array(), decode(last.getWeights().getData().toByteArray()));
    }

    @Test
    void retriedPushIsAcknowledgedAsDuplicateAndNotApplied() {
        int id = register(stub, "w").getWorkerId();
        PushGradientsResponse first = stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)), 5, 7.0).build());
        assertEquals(1, first.getVersion());
        assertFalse(first.getDuplicate());
        byte[] weights = pull(stub, id, -1).getWeights().getData().toByteArray();

        // the retry carries a different gradient: if it were applied, the weights would change
        PushGradientsResponse retry = stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, -0.3f)), 5, 7.0).build());
        assertTrue(retry.getDuplicate());
        assertFalse(retry.getStop());
        assertEquals(1, retry.getVersion());
        PullWeightsResponse after = pull(stub, id, -1);
        assertEquals(1, after.getVersion());
        assertArrayEquals(weights, after.getWeights().getData().toByteArray());
        RunState status = grpc.session.status();
        assertEquals(5, status.envSteps());
        assertEquals(1, status.episodes());
        assertEquals(1, status.workers().get(0).pushes());

        // the next sequence is applied; an older one is a duplicate too
        PushGradientsResponse second = stub.pushGradients(pushRequest(id, 2, 1, vector(gradient(PARAMETERS, 0.1f)), 5).build());
        assertFalse(second.getDuplicate());
        assertEquals(2, second.getVersion());
        assertTrue(stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)), 5).build()).getDuplicate());
        assertEquals(2, grpc.version());
        assertEquals(10, grpc.session.status().envSteps());
    }

    @Test
    void aRetryOfAnAppliedPushFromAnExpiredWorkerIsADuplicateAndItsNextPushIsRefused() throws Exception {
        int id = register(stub, "w").getWorkerId();
        assertEquals(1, stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)), 5).build())
                .getVersion());
        Thread.sleep(5);
        assertEquals(List.of(id), grpc.session.expireLeases(Duration.ZERO));

        // the answer to push 1 was lost: its retry learns that it was applied, and nothing changes
        PushGradientsResponse retry = stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, -0.3f)), 5)
                .build());
        assertTrue(retry.getDuplicate());
        assertEquals(1, retry.getVersion());
        assertEquals(1, grpc.version());
        assertEquals(5, grpc.session.status().envSteps());
        // asked for the weights with its answer, it gets them, as a worker that did not expire would
        PushGradientsResponse withWeights = stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)),
                5).setReturnWeights(true).build());
        assertTrue(withWeights.getDuplicate());
        assertEquals(1, withWeights.getWeightsVersion());
        assertEquals(4L * PARAMETERS, withWeights.getWeights().getData().size());
        // a push it never made, and a retry with another key, are refused as from a worker the server forgot
        StatusRuntimeException next = assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(
                pushRequest(id, 2, 1, vector(gradient(PARAMETERS, 0.1f)), 5).build()));
        assertEquals(Status.Code.NOT_FOUND, next.getStatus().getCode());
        StatusRuntimeException otherKey = assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(
                pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)), 5).setWorkerKey(
                        ByteString.copyFrom(new byte[16])).build()));
        assertEquals(Status.Code.NOT_FOUND, otherKey.getStatus().getCode());
        assertEquals(1, grpc.version());
    }

    @Test
    void sequencesArePerWorkerAndStalenessIsReported() {
        int a = register(stub, "a").getWorkerId();
        int b = register(stub, "b").getWorkerId();
        Tensor g = vector(gradient(PARAMETERS, 0.1f));
        assertEquals(0, stub.pushGradients(pushRequest(a, 1, 0, g, 1).build()).getStaleness());
        PushGradientsResponse fromB = stub.pushGradients(pushRequest(b, 1, 0, g, 1).build());
        assertFalse(fromB.getDuplicate(), "sequence 1 of another worker is not a duplicate");
        assertEquals(1, fromB.getStaleness());
        assertEquals(2, fromB.getVersion());
        assertEquals(2, stub.pushGradients(pushRequest(a, 2, 0, g, 1).build()).getStaleness());
    }

    static Stream<Arguments> invalidPushes() {
        float[] good = gradient(PARAMETERS, 0.1f);
        Tensor valid = vector(good);
        return Stream.of(
                Arguments.of("too few bytes", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().setData(valid.getData().substring(0, (PARAMETERS - 1) * 4)))),
                Arguments.of("too many bytes", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().setData(valid.getData().concat(ByteString.copyFrom(new byte[4]))))),
                Arguments.of("byte count not a multiple of 4", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().setData(valid.getData().concat(ByteString.copyFrom(new byte[1]))))),
                Arguments.of("empty tensor", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(Tensor.getDefaultInstance())),
                Arguments.of("two-dimensional shape", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().clearShape().addShape(1).addShape(PARAMETERS))),
                Arguments.of("shape of the wrong length", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().setShape(0, PARAMETERS + 1))),
                Arguments.of("no shape", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().clearShape())),
                Arguments.of("float64", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().setDtype(DType.FLOAT64).setData(ByteString.copyFrom(new byte[PARAMETERS * 8])))),
                Arguments.of("unspecified dtype", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(
                        valid.toBuilder().setDtype(DType.DTYPE_UNSPECIFIED))),
                Arguments.of("NaN", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(with(good, 17, Float.NaN))),
                Arguments.of("+Inf", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(with(good, 0, Float.POSITIVE_INFINITY))),
                Arguments.of("-Inf", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setGradient(with(good, PARAMETERS - 1, Float.NEGATIVE_INFINITY))),
                Arguments.of("negative env steps", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.setEnvSteps(-1)),
                Arguments.of("NaN episode return", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.addEpisodes(
                        dev.a3c.proto.EpisodeResult.newBuilder().setEpisodeReturn(Double.NaN).setLength(3))),
                Arguments.of("negative episode length", (UnaryOperator<PushGradientsRequest.Builder>) r -> r.addEpisodes(
                        dev.a3c.proto.EpisodeResult.newBuilder().setEpisodeReturn(1).setLength(-3))));
    }

    private static Tensor with(float[] values, int index, float value) {
        float[] copy = values.clone();
        copy[index] = value;
        return vector(copy);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPushes")
    void invalidPushIsRejectedAndChangesNothing(String what, UnaryOperator<PushGradientsRequest.Builder> spoil) {
        int id = register(stub, "w").getWorkerId();
        Tensor g = vector(gradient(PARAMETERS, 0.1f));
        stub.pushGradients(pushRequest(id, 1, 0, g, 3, 1.0).build());
        PullWeightsResponse before = pull(stub, id, -1);
        RunState statusBefore = grpc.session.status();

        PushGradientsRequest bad = spoil.apply(pushRequest(id, 2, 1, g, 3, 2.0)).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(bad));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), what);
        assertEquals(Status.Code.INVALID_ARGUMENT, RefusalStatus.of(e).orElseThrow().code(), what);

        PullWeightsResponse after = pull(stub, id, -1);
        assertEquals(before.getVersion(), after.getVersion());
        assertEquals(1, after.getVersion());
        assertArrayEquals(before.getWeights().getData().toByteArray(), after.getWeights().getData().toByteArray());
        RunState statusAfter = grpc.session.status();
        assertEquals(statusBefore.envSteps(), statusAfter.envSteps());
        assertEquals(statusBefore.episodes(), statusAfter.episodes());
        assertEquals(statusBefore.avgReturn100(), statusAfter.avgReturn100());
        assertEquals(1, statusAfter.workers().get(0).pushes());
        assertEquals(1, grpc.meters.counter("a3c.updates").count());
        assertEquals(1.0, grpc.meters.get("a3c.requests.rejected").counter().count());

        // the rejected sequence number was not used up: the same sequence, valid, is applied
        PushGradientsResponse good = stub.pushGradients(pushRequest(id, 2, 1, g, 3).build());
        assertFalse(good.getDuplicate());
        assertEquals(2, good.getVersion());
    }

    @Test
    void rejectionsAreCountedByReason() {
        int id = register(stub, "w").getWorkerId();
        float[] g = gradient(PARAMETERS, 0.1f);
        assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(pushRequest(id, 1, 0, with(g, 3, Float.NaN), 1).build()));
        assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(pushRequest(id, 1, 0, with(g, 4, Float.NaN), 1).build()));
        assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(pushRequest(id, 1, 0,
                vector(g).toBuilder().setDtype(DType.FLOAT64).build(), 1).build()));
        assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(pushRequest(id + 100, 1, 0, vector(g), 1).build()));
        assertEquals(2.0, grpc.meters.get("a3c.requests.rejected").tag("reason", "non_finite").counter().count());
        assertEquals(1.0, grpc.meters.get("a3c.requests.rejected").tag("reason", "wrong_dtype").counter().count());
        assertEquals(1.0, grpc.meters.get("a3c.requests.rejected").tag("reason", "unknown_worker").counter().count());
    }

    @Test
    void aTooStalePushIsAFailedPreconditionAndChangesNothing() throws Exception {
        grpc.close();
        grpc = new TestSupport.InProcessGrpc(TestSupport.config().with("--max-staleness 1 --stale-pushes reject"));
        stub = grpc.stub();
        int id = register(stub, "w").getWorkerId();
        Tensor g = vector(gradient(PARAMETERS, 0.1f));
        stub.pushGradients(pushRequest(id, 1, 0, g, 3).build());
        stub.pushGradients(pushRequest(id, 2, 0, g, 3).build());     // staleness 1: within the limit
        PullWeightsResponse before = pull(stub, id, -1);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.pushGradients(pushRequest(id, 3, 0, g, 3, 5.0).build()));   // staleness 2
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals(Optional.of(Refusal.STALE), RefusalStatus.of(e), "the refusal travels in the trailers");
        assertTrue(e.getStatus().getDescription().startsWith("stale gradient"), e.getStatus().getDescription());
        PullWeightsResponse after = pull(stub, id, -1);
        assertEquals(2, after.getVersion());
        assertArrayEquals(before.getWeights().getData().toByteArray(), after.getWeights().getData().toByteArray());
        assertEquals(6, grpc.session.status().envSteps());
        assertEquals(0, grpc.session.status().episodes());
        assertEquals(1.0, grpc.meters.get("a3c.requests.rejected").tag("reason", "stale").counter().count());
    }

    @Test
    void unknownWorkerIsNotFoundAndChangesNothing() {
        int id = register(stub, "w").getWorkerId();
        Tensor g = vector(gradient(PARAMETERS, 0.1f));
        stub.pushGradients(pushRequest(id, 1, 0, g, 3).build());
        PullWeightsResponse before = pull(stub, id, -1);
        int unknown = id + 1000;

        StatusRuntimeException push = assertThrows(StatusRuntimeException.class,
                () -> stub.pushGradients(pushRequest(unknown, 1, 1, g, 50, 9.0).build()));
        assertEquals(Status.Code.NOT_FOUND, push.getStatus().getCode());
        assertEquals(Optional.of(Refusal.UNKNOWN_WORKER), RefusalStatus.of(push));
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> pull(stub, unknown, -1)).getStatus().getCode());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class,
                () -> stub.deregister(DeregisterRequest.newBuilder().setWorkerId(unknown).setWorkerKey(TestSupport.keyBytes(unknown)).build())).getStatus().getCode());

        PullWeightsResponse after = pull(stub, id, -1);
        assertEquals(1, after.getVersion());
        assertArrayEquals(before.getWeights().getData().toByteArray(), after.getWeights().getData().toByteArray());
        RunState status = grpc.session.status();
        assertEquals(3, status.envSteps());
        assertEquals(0, status.episodes());
        assertEquals(1, status.workers().size());
        assertEquals(1, status.activeWorkers());
    }

    @Test
    void pullReturnsWeightsOnlyWhenTheCallerIsBehind() {
        int id = register(stub, "w").getWorkerId();
        PullWeightsResponse first = pull(stub, id, -1);
        assertTrue(first.getModified());
        assertFalse(first.getStop());
        assertEquals(0, first.getVersion());
        assertTrue(first.hasWeights());
        assertEquals(List.of((long) PARAMETERS), first.getWeights().getShapeList());
        assertEquals(DType.FLOAT32, first.getWeights().getDtype());
        assertEquals(4 * PARAMETERS, first.getWeights().getData().size());

        // version 0 is the freshly initialised network of the configured seed, little-endian
        TrainingConfig config = grpc.session.config();
        ActorCriticNetwork fresh = ActorCriticNetwork.create(config.networkSpec(), config.schedule().seed(), DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()));
        float[] expected = new float[PARAMETERS];
        fresh.parameters().get(expected);
        assertArrayEquals(expected, decode(first.getWeights().getData().toByteArray()));

        PullWeightsResponse same = pull(stub, id, 0);
        assertFalse(same.getModified());
        assertFalse(same.hasWeights());
        assertEquals(0, same.getVersion());

        stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)), 1).build());
        PullWeightsResponse older = pull(stub, id, 0);
        assertTrue(older.getModified());
        assertEquals(1, older.getVersion());
        assertEquals(4 * PARAMETERS, older.getWeights().getData().size());
        assertEquals(List.of((long) PARAMETERS), older.getWeights().getShapeList());
        assertEquals(DType.FLOAT32, older.getWeights().getDtype());
        assertFalse(first.getWeights().getData().equals(older.getWeights().getData()), "weights changed");
        PullWeightsResponse current = pull(stub, id, 1);
        assertFalse(current.getModified());
        assertFalse(current.hasWeights());
    }

    @Test
    void aPushThatAsksForTheWeightsGetsWhatAPullAfterItWould() {
        int id = register(stub, "w").getWorkerId();
        int other = register(stub, "other").getWorkerId();
        PushGradientsResponse plain = stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)), 5).build());
        assertFalse(plain.hasWeights(), "only on request");
        // another worker's push lands first: the answer carries the newest weights, not just this push's
        stub.pushGradients(pushRequest(other, 1, 1, vector(gradient(PARAMETERS, 0.2f)), 5).build());
        PushGradientsResponse answer = stub.pushGradients(pushRequest(id, 2, 1, vector(gradient(PARAMETERS, -0.1f)), 5)
                .setReturnWeights(true).build());
        assertTrue(answer.getApplied());
        assertEquals(3, answer.getVersion());
        assertEquals(3, answer.getWeightsVersion());
        PullWeightsResponse pulled = pull(stub, id, 1);
        assertEquals(pulled.getWeights(), answer.getWeights());

        // a duplicate, once nothing changed since its base version's successor, still says where the weights are
        PushGradientsResponse duplicate = stub.pushGradients(pushRequest(id, 2, 1, vector(gradient(PARAMETERS, -0.1f)), 5)
                .setReturnWeights(true).build());
        assertTrue(duplicate.getDuplicate());
        assertEquals(3, duplicate.getWeightsVersion());
        assertEquals(pulled.getWeights(), duplicate.getWeights());
    }

    @Test
    void deregisteredWorkerIsNoLongerActive() {
        int a = register(stub, "a").getWorkerId();
        register(stub, "b");
        assertEquals(2, grpc.session.status().activeWorkers());
        stub.deregister(DeregisterRequest.newBuilder().setWorkerId(a).setWorkerKey(TestSupport.keyBytes(a)).build());
        RunState status = grpc.session.status();
        assertEquals(1, status.activeWorkers());
        assertEquals(2, status.workers().size());
        assertFalse(status.workers().get(0).active());
        assertEquals("left", status.workers().get(0).state());
        assertEquals(Status.Code.NOT_FOUND, assertThrows(StatusRuntimeException.class, () -> pull(stub, a, -1))
                .getStatus().getCode(), "a deregistered id no longer works");
    }

    @Test
    void aWorkerThatMissesItsLeaseIsCountedAsGone() {
        int a = register(stub, "a").getWorkerId();
        int b = register(stub, "b").getWorkerId();
        assertEquals(List.of(), grpc.session.expireLeases(java.time.Duration.ofMinutes(1)));
        pull(stub, b, -1);
        assertEquals(List.of(a, b), grpc.session.expireLeases(java.time.Duration.ZERO));
        RunState status = grpc.session.status();
        assertEquals(0, status.activeWorkers());
        assertEquals("expired", status.workers().get(0).state());
        assertEquals(2.0, grpc.meters.get("a3c.workers.expired").counter().count());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> pull(stub, a, -1));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("expired"), e.getStatus().getDescription());
    }

    @Test
    void serviceHandsTheSessionTheGradientBytesUnchanged() {
        // a direct session call with the same bytes gives the same weights as the gRPC path
        int id = register(stub, "w").getWorkerId();
        float[] g = gradient(PARAMETERS, 0.2f);
        stub.pushGradients(pushRequest(id, 1, 0, vector(g), 1).build());
        byte[] viaGrpc = pull(stub, id, -1).getWeights().getData().toByteArray();

        TrainingSession direct = SessionLoader.create(TestSupport.config(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null);
        int other = TestSupport.join(direct, "d", 1, 1, "t");
        direct.push(TestSupport.rawPush(other, 1, 0, ByteBuffer.wrap(TestSupport.encode(g)), 1, List.of()));
        assertArrayEquals(viaGrpc, direct.pull(other, TestSupport.key(other), -1).weights());
    }
}

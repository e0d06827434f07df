package dev.a3c.worker.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.a3c.config.NetworkSpec;
import dev.a3c.config.TrainingConfig;
import dev.a3c.config.WirePrecision;
import dev.a3c.learning.normalization.ObservationMoments;
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
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.wire.MomentsMessages;
import dev.a3c.worker.learner.VectorEnv;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ParameterServerClient}: how it maps requests and responses, against a scripted server and the real one. */
class ParameterServerClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

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

    /** Answers with fixed values and keeps the requests it saw. */
    private static final class ScriptedServer extends ParameterServerGrpc.ParameterServerImplBase {
        final AtomicReference<RegisterRequest> registerRequest = new AtomicReference<>();
        final AtomicReference<PullWeightsRequest> pullRequest = new AtomicReference<>();
        final AtomicReference<PushGradientsRequest> pushRequest = new AtomicReference<>();
        final AtomicReference<DeregisterRequest> deregisterRequest = new AtomicReference<>();
        volatile RegisterResponse registerResponse;
        volatile PullWeightsResponse pullResponse;
        volatile PushGradientsResponse pushResponse;
        volatile Status pushFailure;
        volatile boolean pullNeverAnswers;

        @Override
        public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
            registerRequest.set(request);
            responses.onNext(registerResponse);
            responses.onCompleted();
        }

        @Override
        public void pullWeights(PullWeightsRequest request, StreamObserver<PullWeightsResponse> responses) {
            pullRequest.set(request);
            if (pullNeverAnswers) {
                return;
            }
            responses.onNext(pullResponse);
            responses.onCompleted();
        }

        @Override
        public void pushGradients(PushGradientsRequest request, StreamObserver<PushGradientsResponse> responses) {
            pushRequest.set(request);
            if (pushFailure != null) {
                responses.onError(pushFailure.asRuntimeException());
                return;
            }
            responses.onNext(pushResponse);
            responses.onCompleted();
        }

        @Override
        public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> responses) {
            deregisterRequest.set(request);
            responses.onNext(DeregisterResponse.getDefaultInstance());
            responses.onCompleted();
        }
    }

    private ParameterServerClient inProcess(ScriptedServer scripted, Duration deadline) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(scripted).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return new ParameterServerClient(channel, deadline);
    }

    /** A configuration with values unlike the defaults everywhere, so that a lost field shows. */
    private static final TrainingConfig DISTINCT = TrainingConfig.of("CartPole-v1", "--max-episode-steps 123"
            + " --envs-per-worker 6 --rollout-steps 9 --gamma 0.97 --entropy-coef 0.03 --value-loss-coef 0.25"
            + " --max-grad-norm 1.5 --seed 4242 --reward-scale 0.125 --reward-clip 4 --gae-lambda 0.75"
            + " --normalize-observations --lr 3e-4 --optimizer adam --max-staleness 9 --stale-pushes downweight"
            + " --hidden 32,16 --activation relu --max-steps 12345 --target-return 321 --eval-episodes 7");

    @Test
    void aConfigurationTheWorkerCannotReadIsAnIncompatibleServer() throws Exception {
        for (String json : List.of("", "{}", "not json", DISTINCT.toJson().replace("CartPole-v1", "NoSuchEnv-v0"),
                DISTINCT.toJson().replace("\"gamma\"", "\"gammma\""))) {
            ScriptedServer scripted = new ScriptedServer();
            scripted.registerResponse = RegisterResponse.newBuilder().setWorkerId(1).setConfigJson(json)
                    .setNetwork(NetworkDefinition.newBuilder().addObservationShape(4).setTorso("mlp").setHead("categorical")
                            .setActionSize(2).addHiddenLayers(8).setActivation("tanh"))
                    .build();
            ParameterServerClient client = inProcess(scripted, DEADLINE);
            IncompatibleServerException e = assertThrows(IncompatibleServerException.class,
                    () -> client.register("h", 1, 1, "t"), json);
            assertTrue(e.getMessage().contains("configuration"), e.getMessage());
            channel.shutdownNow();
        }
    }

    @Test
    void mapsEveryRegistrationField() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        // Distinct values everywhere, so that a swapped field shows.
        scripted.registerResponse = RegisterResponse.newBuilder()
                .setWorkerId(7)
                .setRank(3)
                .setWeightsVersion(41)
                .setConfigJson(DISTINCT.toJson())
                .setNetwork(NetworkDefinition.newBuilder().addObservationShape(4).setTorso("mlp").setHead("categorical")
                        .setActionSize(2).addHiddenLayers(32).addHiddenLayers(16).setActivation("relu").setParameterCount(999)
                        .setFingerprint("fp-0123"))
                .build();
        ParameterServerClient client = inProcess(scripted, DEADLINE);

        ParameterServerClient.Registration reg = client.register("host-a", 31337, 12, "1.2.3");

        RegisterRequest sent = scripted.registerRequest.get();
        assertEquals("host-a", sent.getHost());
        assertEquals(31337, sent.getPid());
        assertEquals(12, sent.getCores());
        assertEquals("1.2.3", sent.getProgramVersion());

        assertEquals(7, reg.workerId());
        assertEquals(3, reg.rank());
        assertEquals(41, reg.version());
        assertEquals(DISTINCT, reg.config());
        assertEquals(NetworkSpec.mlp(4, 2, List.of(32, 16), "relu"), reg.network());
        assertEquals("fp-0123", reg.fingerprint());
        assertEquals(999, reg.parameterCount());
    }

    @Test
    void mapsPullsWithAndWithoutWeights() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        ParameterServerClient client = inProcess(scripted, DEADLINE);

        scripted.pullResponse = PullWeightsResponse.newBuilder().setVersion(12).setModified(false).setStop(false).build();
        ParameterServerClient.Weights notModified = client.pull(5, 12);
        assertEquals(5, scripted.pullRequest.get().getWorkerId());
        assertEquals(12, scripted.pullRequest.get().getSinceVersion());
        assertEquals(12, notModified.version());
        assertNull(notModified.weights(), "not modified: no weights");
        assertFalse(notModified.stop());

        byte[] data = floats(1.5f, -2f, 3.25f);
        scripted.pullResponse = PullWeightsResponse.newBuilder().setVersion(13).setModified(true).setStop(true)
                .setWeights(Tensor.newBuilder().addShape(3).setDtype(DType.FLOAT32).setData(ByteString.copyFrom(data)))
                .build();
        ParameterServerClient.Weights modified = client.pullAsync(6, -1).get(5, TimeUnit.SECONDS);
        assertEquals(6, scripted.pullRequest.get().getWorkerId());
        assertEquals(-1, scripted.pullRequest.get().getSinceVersion());
        assertEquals(13, modified.version());
        assertTrue(modified.stop());
        assertNotNull(modified.weights());
        byte[] received = new byte[modified.weights().remaining()];
        modified.weights().duplicate().get(received);
        assertArrayEquals(data, received);
    }

    @Test
    void pushesTheGradientAsAFloat32VectorWithStepsAndEpisodes() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.pushResponse = PushGradientsResponse.newBuilder().setVersion(30).setStaleness(4).setStop(true)
                .setDuplicate(true).setApplied(true).build();
        ParameterServerClient client = inProcess(scripted, DEADLINE);
        byte[] gradient = floats(0.5f, 0.25f, -1f, 8f);

        ParameterServerClient.PushAck ack = client.pushAsync(2, 17, 26, gradient, 80,
                List.of(new VectorEnv.Episode(21.0, 21), new VectorEnv.Episode(500.0, 500))).get(5, TimeUnit.SECONDS);

        PushGradientsRequest sent = scripted.pushRequest.get();
        assertEquals(2, sent.getWorkerId());
        assertEquals(17, sent.getSequence());
        assertEquals(26, sent.getBaseVersion());
        assertEquals(80, sent.getEnvSteps());
        assertEquals(List.of(4L), sent.getGradient().getShapeList());
        assertEquals(DType.FLOAT32, sent.getGradient().getDtype());
        assertArrayEquals(gradient, sent.getGradient().getData().toByteArray());
        assertEquals(2, sent.getEpisodesCount());
        assertEquals(21.0, sent.getEpisodes(0).getEpisodeReturn());
        assertEquals(21, sent.getEpisodes(0).getLength());
        assertEquals(500.0, sent.getEpisodes(1).getEpisodeReturn());
        assertEquals(500, sent.getEpisodes(1).getLength());

        assertEquals(new ParameterServerClient.PushAck(30, 4, true, true, true), ack);

        client.deregister(2);
        assertEquals(2, scripted.deregisterRequest.get().getWorkerId());
    }

    @Test
    void carriesObservationMomentsBothWays() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        dev.a3c.proto.ObservationMoments global = dev.a3c.proto.ObservationMoments.newBuilder().setCount(100)
                .addMean(0.5).addM2(25).build();
        scripted.pushResponse = PushGradientsResponse.newBuilder().setVersion(3).setApplied(true)
                .setWeights(dev.a3c.wire.Tensors.float32Vector(floats(1f))).setWeightsVersion(3)
                .setObservationMoments(global).build();
        ParameterServerClient client = inProcess(scripted, DEADLINE);
        ObservationMoments seen = new ObservationMoments(5, new double[] {0.25}, new double[] {1.5});

        ParameterServerClient.PushAck ack = client.pushAsync(2, 1, 2, floats(1f), 5, List.of(), seen, WirePrecision.FLOAT32, true)
                .get(5, TimeUnit.SECONDS);

        assertEquals(seen, MomentsMessages.decode(scripted.pushRequest.get().getObservationMoments()));
        assertEquals(new ObservationMoments(100, new double[] {0.5}, new double[] {25}), ack.weights().moments());

        scripted.pushResponse = scripted.pushResponse.toBuilder()
                .setObservationMoments(global.toBuilder().setM2(0, -1)).build();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.pushAsync(2, 2, 3, floats(1f), 5, List.of(), seen, WirePrecision.FLOAT32, true).get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IncompatibleServerException, e.toString());
    }

    @Test
    void aFailedPushFailsItsFutureWithTheStatus() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.pushFailure = Status.UNAVAILABLE.withDescription("going away");
        ParameterServerClient client = inProcess(scripted, DEADLINE);
        CompletableFuture<ParameterServerClient.PushAck> future = client.pushAsync(1, 1, 0, floats(1f), 5, List.of());
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(e.getCause()).getCode());
        assertEquals("going away", Status.fromThrowable(e.getCause()).getDescription());
    }

    @Test
    void everyCallHasADeadline() throws Exception {
        ScriptedServer scripted = new ScriptedServer();
        scripted.pullNeverAnswers = true;
        ParameterServerClient client = inProcess(scripted, Duration.ofMillis(200));
        ServerException blocking = assertThrows(ServerException.class, () -> client.pull(1, -1));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, blocking.status().getCode());
        ExecutionException async = assertThrows(ExecutionException.class,
                () -> client.pullAsync(1, -1).get(10, TimeUnit.SECONDS));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, Status.fromThrowable(async.getCause()).getCode());
    }

    @Test
    void registrationWithTheRealServerCarriesItsConfigurationAndNetwork(@TempDir Path runDir) throws Exception {
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--max-episode-steps 321 --envs-per-worker 3 --rollout-steps 7"
                + " --gamma 0.95 --gae-lambda 0.9 --entropy-coef 0.02 --value-loss-coef 0.4 --max-grad-norm 0.8 --lr 1e-3"
                + " --no-anneal-lr --optimizer adam --max-steps 5000 --target-return 100 --seed 77 --hidden 24,12"
                + " --activation relu --reward-scale 0.1 --reward-clip 2 --normalize-observations --checkpoint-interval 1h");
        try (ParameterServer ps = ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).build())) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", ps.grpcPort()).usePlaintext().build();
            ParameterServerClient client = new ParameterServerClient(channel, DEADLINE);
            ParameterServerClient.Registration reg = client.register("h", 1, 2, "test");

            NetworkSpec spec = config.networkSpec();
            assertEquals(config, reg.config());
            assertEquals(spec, reg.network());
            assertEquals(spec.fingerprint(), reg.fingerprint());
            assertEquals(spec.parameterCount(), reg.parameterCount());
            assertEquals(0, reg.version());
            assertEquals(0, reg.rank());

            ParameterServerClient.Weights weights = client.pull(reg.workerId(), -1);
            assertEquals(spec.parameterCount() * Float.BYTES, weights.weights().remaining());
            assertNull(client.pull(reg.workerId(), weights.version()).weights(), "same version: not modified");
            client.deregister(reg.workerId());
        }
    }

    @Test
    void registrationCarriesASeparateCriticAndStateDependentStandardDeviations(@TempDir Path runDir) throws Exception {
        TrainingConfig base = TrainingConfig.defaults("Pendulum-v1");
        TrainingConfig config = base.with("--separate-critic --state-dependent-std");
        try (ParameterServer ps = ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).build())) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", ps.grpcPort()).usePlaintext().build();
            ParameterServerClient.Registration reg = new ParameterServerClient(channel, DEADLINE).register("h", 1, 2, "t");
            assertTrue(reg.network().separateCritic());
            assertTrue(reg.network().head().stateDependentStd());
            assertEquals(config.networkSpec(), reg.network());
            assertEquals(config.networkSpec().parameterCount(), reg.parameterCount());
        }
    }

    @Test
    void theRealServerSendsTheEnvironmentsTimeLimitWhenTheConfigLeavesItAtZero(@TempDir Path runDir) throws Exception {
        TrainingConfig config = TrainingConfig.defaults("CartPole-v1");
        try (ParameterServer ps = ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).build())) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", ps.grpcPort()).usePlaintext().build();
            ParameterServerClient.Registration reg = new ParameterServerClient(channel, DEADLINE).register("h", 1, 2, "t");
            assertEquals(0, reg.config().environment().maxEpisodeSteps());
            assertEquals(500, reg.config().environmentSpec().maxEpisodeSteps());
            assertEquals(config, reg.config());
        }
    }

    private static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }
}

package dev.a3c.server;

import com.google.protobuf.ByteString;
import dev.a3c.config.TrainingConfig;
import dev.a3c.proto.DType;
import dev.a3c.proto.EpisodeResult;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.grpc.ParameterServerService;
import dev.a3c.server.grpc.TokenAuthInterceptor;
import dev.a3c.server.training.TrainingSession;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Small configurations, gradient encoding and an in-process gRPC server around a real session. */
public final class TestSupport {

    public static final String ENV = "CartPole-v1";
    /** Hidden layer [8] on CartPole (4 observations, 2 actions): 4*8+8 + 8*2+2 + 8+1. */
    public static final int PARAMETERS = 67;
    public static final double LEARNING_RATE = 0.01;
    /** Environments per worker in {@link #config}: with CartPole's t_max of 5, a push may cover 500 steps. */
    public static final int ENVS = 100;
    /** The workers' clipping bound in {@link #config}: the test gradients' norms are well inside it. */
    public static final double MAX_GRAD_NORM = 10;
    /** The worker keys that registrations through these helpers received, by worker id. */
    private static final Map<Integer, byte[]> KEYS = new ConcurrentHashMap<>();
    /** The version at which workers registered through {@link #join}: the base version of {@link #push}. */
    private static final Map<Integer, Long> REGISTERED_AT = new ConcurrentHashMap<>();

    private TestSupport() {}

    public static TrainingConfig config(long maxSteps, Double targetReturn, boolean anneal) {
        return TrainingConfig.of(ENV, "--envs-per-worker " + ENVS + " --max-grad-norm " + MAX_GRAD_NORM + " --lr " + LEARNING_RATE
                + (anneal ? " --anneal-lr" : " --no-anneal-lr") + " --max-steps " + maxSteps + " --target-return "
                + (targetReturn == null ? "none" : targetReturn) + " --seed 7 --hidden 8 --checkpoint-interval 10m"
                + " --eval-episodes 0");
    }

    /** No budget or target in reach, constant learning rate, no evaluation. */
    public static TrainingConfig config() {
        return config(1_000_000_000L, null, false);
    }

    /** A deterministic non-trivial gradient. */
    public static float[] gradient(int n, float scale) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = scale * (float) Math.sin(i + 1.0);
        }
        return g;
    }

    public static byte[] encode(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    public static float[] decode(byte[] littleEndian) {
        float[] values = new float[littleEndian.length / Float.BYTES];
        ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public static Tensor vector(float[] values) {
        return Tensor.newBuilder().addShape(values.length).setDtype(DType.FLOAT32)
                .setData(ByteString.copyFrom(encode(values))).build();
    }

    /** A push computed on the weights the worker received when it registered. */
    public static TrainingSession.Push push(int workerId, long sequence, float[] gradient, long envSteps,
                                     TrainingSession.EpisodeResult... episodes) {
        return rawPush(workerId, sequence, REGISTERED_AT.getOrDefault(workerId, 0L), ByteBuffer.wrap(encode(gradient)),
                envSteps, List.of(episodes));
    }

    /** A push carrying the key this worker's registration received through these helpers. */
    public static TrainingSession.Push rawPush(int workerId, long sequence, long baseVersion, ByteBuffer gradient,
                                        long envSteps, List<TrainingSession.EpisodeResult> episodes) {
        return new TrainingSession.Push(workerId, key(workerId), sequence, baseVersion, gradient, envSteps, episodes);
    }

    /** Registers with the session directly and remembers the key; returns the worker id. */
    public static int join(TrainingSession session, String host, long pid, int cores, String programVersion) {
        TrainingSession.Registration registration = session.register(host, pid, cores, programVersion);
        KEYS.put(registration.workerId(), registration.key());
        REGISTERED_AT.put(registration.workerId(), registration.version());
        return registration.workerId();
    }

    /** The key of a worker registered through these helpers; empty for any other id. */
    public static byte[] key(int workerId) {
        return KEYS.getOrDefault(workerId, new byte[0]);
    }

    public static ByteString keyBytes(int workerId) {
        return ByteString.copyFrom(key(workerId));
    }

    public static PushGradientsRequest.Builder pushRequest(int workerId, long sequence, long baseVersion, Tensor gradient,
                                                    long envSteps, double... episodeReturns) {
        PushGradientsRequest.Builder b = PushGradientsRequest.newBuilder().setWorkerId(workerId)
                .setWorkerKey(keyBytes(workerId)).setSequence(sequence)
                .setBaseVersion(baseVersion).setGradient(gradient).setEnvSteps(envSteps);
        for (double r : episodeReturns) {
            // a CartPole episode's return is its length
            b.addEpisodes(EpisodeResult.newBuilder().setEpisodeReturn(r).setLength((int) Math.max(1, Math.round(r))));
        }
        return b;
    }

    public static RegisterResponse register(ParameterServerGrpc.ParameterServerBlockingStub stub, String host) {
        return remember(stub.register(RegisterRequest.newBuilder().setHost(host).setPid(ProcessHandle.current().pid())
                .setCores(1).setProgramVersion("test").build()));
    }

    /** Remembers the key of a registration made through gRPC. */
    public static RegisterResponse remember(RegisterResponse response) {
        KEYS.put(response.getWorkerId(), response.getWorkerKey().toByteArray());
        return response;
    }

    public static PullWeightsResponse pull(ParameterServerGrpc.ParameterServerBlockingStub stub, int workerId, long since) {
        return stub.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(workerId).setWorkerKey(keyBytes(workerId))
                .setSinceVersion(since).build());
    }

    /** A fresh session with a simple meter registry served over the in-process transport. */
    public static final class InProcessGrpc implements AutoCloseable {
        public final TrainingSession session;
        public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        private final String name = InProcessServerBuilder.generateName();
        private final Server server;
        private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();

        public InProcessGrpc(TrainingConfig config) throws IOException {
            this.session = SessionLoader.create(config, meters, null);
            this.server = InProcessServerBuilder.forName(name).addService(new ParameterServerService(session))
                    .build().start();
        }

        ManagedChannel channel() {
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            channels.add(channel);
            return channel;
        }

        public ParameterServerGrpc.ParameterServerBlockingStub stub() {
            return ParameterServerGrpc.newBlockingStub(channel());
        }

        public long version() {
            return session.status().version();
        }

        @Override
        public void close() {
            List<ManagedChannel> all = new ArrayList<>(channels);
            for (ManagedChannel c : all) {
                c.shutdownNow();
            }
            server.shutdownNow();
            try {
                for (ManagedChannel c : all) {
                    c.awaitTermination(5, TimeUnit.SECONDS);
                }
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends {@code authorization: Bearer <token>} with each call, as a worker does. */
    public static io.grpc.CallCredentials bearer(String token) {
        return new io.grpc.CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor executor,
                                             MetadataApplier applier) {
                io.grpc.Metadata headers = new io.grpc.Metadata();
                headers.put(TokenAuthInterceptor.AUTHORIZATION, "Bearer " + token);
                applier.apply(headers);
            }
        };
    }
}

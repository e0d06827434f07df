package dev.a3c.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.a3c.config.TrainingConfig;
import dev.a3c.proto.DType;
import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.EpisodeResult;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.training.WorkerStatus;
import dev.a3c.worker.client.ParameterServerClient;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real CartPole run with two honest workers and a hostile client beside them that sends random
 * well-formed requests no honest worker could send, all through gRPC over loopback: every one of
 * them is refused with a precise status and counted, none is applied, and training still reaches
 * its target with exactly the updates, steps and episodes of the honest workers.
 */
@Tag("integration")
class HostileClientTrainingTest {

    /** CartPole's threshold: training lasts seconds (195 took one), while the hostile client sends hundreds of requests. */
    private static final double TARGET = 475;
    /** Impossible requests sent before the honest workers start, and the fewest to be sent while they train. */
    private static final int BEFORE = 100;
    private static final int WHILE_TRAINING = 50;
    /** Versions ahead of the server's that it cannot reach while a request is on its way. */
    private static final long FAR_AHEAD = 1L << 30;
    private static final Set<Status.Code> REFUSALS = EnumSet.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
            Status.Code.PERMISSION_DENIED);

    private record Running(Worker worker, ManagedChannel channel, Future<Worker.Summary> summary) {}

    @Test
    void honestWorkersReachTheTargetWhileEveryImpossibleRequestIsRefused(@TempDir Path runDir) throws Exception {
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--max-steps 3000000 --target-return " + TARGET + " --seed 3 --checkpoint-interval 1h");
        ExecutorService pool = Executors.newCachedThreadPool();
        List<Running> honest = new ArrayList<>();
        AtomicBoolean attacking = new AtomicBoolean(true);
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(2)).keepCheckpoints(1).maxMessageBytes(16 << 20).build())) {
            ManagedChannel hostileChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
                    .build();
            Hostile hostile = new Hostile(hostileChannel, server.session(), config);
            Future<?> attack = pool.submit(() -> hostile.attack(attacking));
            // the attack is under way before training starts, whatever the speed of training on this machine
            await().atMost(Duration.ofSeconds(60)).until(() -> hostile.sent >= BEFORE);
            for (int i = 0; i < 2; i++) {
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
                Worker worker = new Worker(new ParameterServerClient(channel, Duration.ofSeconds(10)),
                        new Worker.Identity("honest-" + i, ProcessHandle.current().pid(), 1, "test"), Duration.ofSeconds(30));
                honest.add(new Running(worker, channel, pool.submit(worker::run)));
            }

            List<Worker.Summary> summaries = new ArrayList<>();
            for (Running r : honest) {
                summaries.add(r.summary().get(6, TimeUnit.MINUTES));
            }
            attacking.set(false);
            attack.get(30, TimeUnit.SECONDS);
            hostileChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

            RunState status = server.session().status();
            System.out.printf("target reached after %,d env steps, %,d updates; the hostile client sent %,d requests: %s%n",
                    status.envSteps(), status.updates(), hostile.sent, hostile.refusedByCode);
            assertTrue(status.stopReason() != null && status.stopReason().startsWith("target reached"),
                    "training reached its target: " + status.stopReason());
            assertTrue(hostile.sentWhileTraining >= WHILE_TRAINING, "the hostile client was busy while the workers trained: "
                    + hostile.sentWhileTraining + " of " + hostile.sent);
            assertEquals(List.of(), hostile.accepted, "no impossible request was accepted");
            assertEquals(hostile.sent, hostile.refusedByCode.values().stream().mapToLong(Long::longValue).sum());
            assertTrue(REFUSALS.containsAll(hostile.refusedByCode.keySet()), "precise statuses: " + hostile.refusedByCode);

            long pushes = summaries.stream().mapToLong(Worker.Summary::pushes).sum();
            long steps = summaries.stream().mapToLong(Worker.Summary::envSteps).sum();
            long episodes = summaries.stream().mapToLong(Worker.Summary::episodes).sum();
            assertEquals(pushes, status.updates(), "every update is an honest worker's push");
            assertEquals(steps, status.envSteps(), "every step is an honest worker's");
            assertEquals(episodes, status.episodes(), "every episode is an honest worker's");
            double rejected = server.session().meters().find("a3c.requests.rejected").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            assertEquals(hostile.sent, (long) rejected, "each hostile request counted once as refused");
            WorkerStatus own = status.workers().stream().filter(w -> w.id() == hostile.id).findFirst()
                    .orElseThrow();
            assertEquals(0, own.pushes());
            assertEquals(0, own.envSteps());
        } finally {
            attacking.set(false);
            honest.forEach(r -> r.worker().requestStop());
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            for (Running r : honest) {
                r.channel().shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** A client with the server's address and its own registration, sending only impossible requests. */
    private static final class Hostile {
        final ParameterServerGrpc.ParameterServerBlockingStub stub;
        final ManagedChannel channel;
        final TrainingSession session;
        final int id;
        final ByteString key;
        final int parameters;
        final int stepsPerPush;
        final SplittableRandom random = new SplittableRandom(99);
        final Map<Status.Code, Long> refusedByCode = new EnumMap<>(Status.Code.class);
        final List<String> accepted = new ArrayList<>();
        volatile long sent;
        /** Requests sent once the model had taken an honest push. */
        volatile long sentWhileTraining;

        Hostile(ManagedChannel channel, TrainingSession session, TrainingConfig config) {
            this.channel = channel;
            this.stub = ParameterServerGrpc.newBlockingStub(channel);
            this.session = session;
            RegisterResponse r = stub.register(RegisterRequest.newBuilder().setHost("hostile").setPid(1).setCores(1)
                    .setProgramVersion("test").build());
            this.id = r.getWorkerId();
            this.key = r.getWorkerKey();
            this.parameters = (int) r.getNetwork().getParameterCount();
            this.stepsPerPush = config.algorithm().envsPerWorker() * config.algorithm().rolloutSteps();
        }

        void attack(AtomicBoolean attacking) {
            while (attacking.get() && !session.isFinished()) {
                int kind = random.nextInt(12);
                String what = "kind " + kind;
                sent++;
                if (session.status().updates() > 0) {
                    sentWhileTraining++;
                }
                try {
                    Object response = send(kind);
                    accepted.add(what + ": " + response);
                } catch (StatusRuntimeException e) {
                    refusedByCode.merge(e.getStatus().getCode(), 1L, Long::sum);
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private Object send(int kind) {
            long version = session.status().version();
            var stub = this.stub.withDeadlineAfter(10, TimeUnit.SECONDS);
            return switch (kind) {
                case 0 -> stub.pushGradients(push().setEnvSteps(random.nextBoolean()
                        ? -random.nextLong(0, Long.MAX_VALUE) : random.nextLong(stepsPerPush + 1L, Long.MAX_VALUE)).build());
                case 1 -> stub.pushGradients(push().addEpisodes(impossibleEpisode()).build());
                case 2 -> stub.pushGradients(push().setGradient(impossibleGradient()).build());
                case 3 -> stub.pushGradients(push().setBaseVersion(random.nextBoolean()
                        ? -1 - random.nextLong(0, Long.MAX_VALUE) : version + FAR_AHEAD + random.nextLong(0, 1L << 40)).build());
                case 4 -> stub.pushGradients(push().setSequence(random.nextBoolean()
                        ? -random.nextLong(0, Long.MAX_VALUE) : 2 + random.nextLong(0, Long.MAX_VALUE - 2)).build());
                case 5 -> stub.pushGradients(push().setWorkerId(honestId()).setWorkerKey(randomKey()).build());
                case 6 -> stub.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(honestId()).setWorkerKey(randomKey())
                        .setSinceVersion(-1).build());
                case 7 -> stub.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(id).setWorkerKey(key)
                        .setSinceVersion(random.nextBoolean() ? version + FAR_AHEAD + random.nextLong(0, 1L << 40)
                                : -2 - random.nextLong(0, Long.MAX_VALUE - 2)).build());
                case 8 -> stub.deregister(DeregisterRequest.newBuilder().setWorkerId(honestId()).setWorkerKey(randomKey())
                        .build());
                case 9 -> stub.register(impossibleRegistration());
                case 10 -> ClientCalls.blockingUnaryCall(channel,
                        ParameterServerGrpc.getPushGradientsMethod().toBuilder(BYTES, BYTES).build(),
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), malformed());
                default -> {
                    PushGradientsRequest.Builder p = push().setEnvSteps(1 + random.nextInt(stepsPerPush));
                    for (long i = 0; i <= p.getEnvSteps(); i++) {
                        p.addEpisodes(EpisodeResult.newBuilder().setEpisodeReturn(10).setLength(10));
                    }
                    yield stub.pushGradients(p.build()); // more episodes than steps
                }
            };
        }

        /** Everything right but the one field each kind spoils: the hostile client's own id, key and next sequence. */
        private PushGradientsRequest.Builder push() {
            float[] g = new float[parameters];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) random.nextDouble(-1e-4, 1e-4);
            }
            return PushGradientsRequest.newBuilder().setWorkerId(id).setWorkerKey(key).setSequence(1)
                    .setBaseVersion(session.status().version()).setGradient(tensor(g)).setEnvSteps(stepsPerPush);
        }

        private EpisodeResult impossibleEpisode() {
            int length = 1 + random.nextInt(500);
            return switch (random.nextInt(5)) {
                case 0 -> EpisodeResult.newBuilder().setLength(length).setEpisodeReturn(length + 1 + random.nextDouble(1e12)).build();
                case 1 -> EpisodeResult.newBuilder().setLength(length).setEpisodeReturn(-random.nextDouble(1e300)).build();
                case 2 -> EpisodeResult.newBuilder().setLength(length).setEpisodeReturn(Double.NaN).build();
                case 3 -> EpisodeResult.newBuilder().setLength(501 + random.nextInt(Integer.MAX_VALUE - 501))
                        .setEpisodeReturn(500).build();
                default -> EpisodeResult.newBuilder().setLength(-random.nextInt(Integer.MAX_VALUE)).setEpisodeReturn(0).build();
            };
        }

        private Tensor impossibleGradient() {
            float[] g = new float[parameters];
            switch (random.nextInt(4)) {
                case 0 -> g[random.nextInt(parameters)] = Float.NaN;
                case 1 -> g[random.nextInt(parameters)] = (float) random.nextDouble(1e3, 3e38);
                case 2 -> {
                    return tensor(new float[random.nextInt(parameters)]);
                }
                default -> {
                    return tensor(g).toBuilder().setDtype(DType.FLOAT64).build();
                }
            }
            return tensor(g);
        }

        private RegisterRequest impossibleRegistration() {
            RegisterRequest.Builder r = RegisterRequest.newBuilder().setHost("h").setPid(1).setCores(1).setProgramVersion("v");
            return switch (random.nextInt(4)) {
                case 0 -> r.setHost(random.nextBoolean() ? "x".repeat(254 + random.nextInt(10_000)) : "bad\nhost").build();
                case 1 -> r.setPid(random.nextBoolean() ? -random.nextLong(0, Long.MAX_VALUE) : (1L << 32) + random.nextInt(Integer.MAX_VALUE)).build();
                case 2 -> r.setCores(random.nextBoolean() ? -random.nextInt(Integer.MAX_VALUE) : 4097 + random.nextInt(1 << 20)).build();
                default -> r.setProgramVersion(random.nextBoolean() ? "" : "v ".repeat(1 + random.nextInt(100))).build();
            };
        }

        /** Random bytes that do not parse as a push. */
        private byte[] malformed() {
            while (true) {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                try {
                    PushGradientsRequest.parseFrom(bytes);
                } catch (InvalidProtocolBufferException e) {
                    return bytes;
                }
            }
        }

        private int honestId() {
            return session.status().workers().stream().filter(w -> w.id() != id).mapToInt(WorkerStatus::id)
                    .findAny().orElse(id + 1);
        }

        private ByteString randomKey() {
            byte[] k = new byte[random.nextInt(3) == 0 ? random.nextInt(64) : 16];
            random.nextBytes(k);
            return ByteString.copyFrom(k);
        }

        private static Tensor tensor(float[] values) {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            return Tensor.newBuilder().addShape(values.length).setDtype(DType.FLOAT32)
                    .setData(ByteString.copyFrom(bytes.array())).build();
        }
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}

package dev.a3c.worker.client;

import com.google.protobuf.ByteString;
import dev.a3c.config.NetworkSpec;
import dev.a3c.config.TrainingConfig;
import dev.a3c.config.WirePrecision;
import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.EpisodeResult;
import dev.a3c.proto.NetworkDefinition;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.wire.AliasingMarshaller;
import dev.a3c.wire.MomentsMessages;
import dev.a3c.wire.NetworkDefinitions;
import dev.a3c.wire.Tensors;
import dev.a3c.worker.learner.VectorEnv;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC adapter a worker talks to the parameter server through; every call has a deadline. It
 * keeps the key the server gave each registration and sends it with every call in that worker's name.
 */
public final class ParameterServerClient {

    /** The answer to a registration. */
    public record Registration(int workerId, int rank, TrainingConfig config, NetworkSpec network,
                               String fingerprint, long parameterCount, long version) {}

    /**
     * Pulled weights: {@code weights} is null when not modified; {@code moments}, with weights in a run that
     * standardizes observations, the moments that go with them (else null).
     */
    public record Weights(long version, ByteBuffer weights, boolean stop, ObservationMoments moments) {

        /** Weights of a run that does not standardize observations. */
        public Weights(long version, ByteBuffer weights, boolean stop) {
            this(version, weights, stop, null);
        }
    }

    /**
     * The answer to a push; the gradient counts once when {@code applied || duplicate}. {@code weights}: the newest
     * weights when the push asked for them and the server sent them (null otherwise: then pull).
     */
    public record PushAck(long version, long staleness, boolean stop, boolean duplicate, boolean applied,
                          Weights weights) {

        /** An answer without weights. */
        public PushAck(long version, long staleness, boolean stop, boolean duplicate, boolean applied) {
            this(version, staleness, stop, duplicate, applied, null);
        }
    }

    /** The calls that bring weights, their answers parsed in place (the weights' bytes not copied out of them). */
    private static final MethodDescriptor<PullWeightsRequest, PullWeightsResponse> PULL = AliasingMarshaller.receiving(
            ParameterServerGrpc.getPullWeightsMethod(), null, PullWeightsResponse.getDefaultInstance());
    private static final MethodDescriptor<PushGradientsRequest, PushGradientsResponse> PUSH =
            AliasingMarshaller.receiving(ParameterServerGrpc.getPushGradientsMethod(), null,
                    PushGradientsResponse.getDefaultInstance());

    private final Channel channel;
    private final ParameterServerGrpc.ParameterServerBlockingStub blocking;
    private final Duration deadline;
    private final Runnable reconnect;
    private final Map<Integer, ByteString> keys = new ConcurrentHashMap<>();

    public ParameterServerClient(Channel channel, Duration deadline) {
        this(channel, deadline, () -> { });
    }

    /** @param reconnect makes the channel connect at once ({@link Reconnect#of}): see {@link #reconnectNow()} */
    public ParameterServerClient(Channel channel, Duration deadline, Runnable reconnect) {
        this.channel = channel;
        this.blocking = ParameterServerGrpc.newBlockingStub(channel);
        this.deadline = deadline;
        this.reconnect = reconnect;
    }

    /**
     * Ends the channel's wait before its next connection attempt ({@link Reconnect}): a worker retrying on its own
     * schedule calls this first, so that a server that has just come up is reached at the next attempt.
     */
    public void reconnectNow() {
        reconnect.run();
    }

    /** @throws ServerException when the server refuses or cannot be reached; see its kinds */
    public Registration register(String host, long pid, int cores, String programVersion) {
        RegisterResponse r = blocking(() -> blocking.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .register(RegisterRequest.newBuilder().setHost(host).setPid(pid).setCores(cores)
                        .setProgramVersion(programVersion).build()));
        NetworkDefinition n = r.getNetwork();
        TrainingConfig config;
        try {
            config = TrainingConfig.fromJson(r.getConfigJson());
        } catch (IllegalArgumentException e) {
            throw new IncompatibleServerException("cannot run the server's configuration (different program "
                    + "versions?): " + e.getMessage());
        }
        NetworkSpec spec = networkSpec(n);
        keys.put(r.getWorkerId(), r.getWorkerKey());
        return new Registration(r.getWorkerId(), r.getRank(), config, spec, n.getFingerprint(),
                n.getParameterCount(), r.getWeightsVersion());
    }

    /**
     * The network a definition describes.
     *
     * @throws IncompatibleServerException when this program cannot build it
     */
    static NetworkSpec networkSpec(NetworkDefinition n) {
        try {
            return NetworkDefinitions.decode(n);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleServerException("this worker cannot build the server's network: " + e.getMessage());
        }
    }

    public Weights pull(int workerId, long sinceVersion) {
        return weights(blocking(() -> ClientCalls.blockingUnaryCall(channel, PULL, options(),
                pullRequest(workerId, sinceVersion))));
    }

    public CompletableFuture<Weights> pullAsync(int workerId, long sinceVersion) {
        return call(PULL, pullRequest(workerId, sinceVersion)).thenApply(ParameterServerClient::weights);
    }

    /**
     * Pushes a gradient. {@code gradient} is little-endian float32 bytes and must not change until
     * the returned future completes.
     */
    public CompletableFuture<PushAck> pushAsync(int workerId, long sequence, long baseVersion, byte[] gradient,
                                                long envSteps, List<VectorEnv.Episode> episodes) {
        return pushAsync(workerId, sequence, baseVersion, gradient, envSteps, episodes, null, WirePrecision.FLOAT32,
                false);
    }

    /**
     * Pushes a gradient of little-endian values in {@code precision}, with the moments of its rollout's observations
     * in a run that standardizes them ({@code observations}, else null); with {@code returnWeights}, asks for the
     * newest weights in the answer (newer than {@code baseVersion}), which saves the pull that would follow.
     */
    public CompletableFuture<PushAck> pushAsync(int workerId, long sequence, long baseVersion, byte[] gradient,
                                                long envSteps, List<VectorEnv.Episode> episodes,
                                                ObservationMoments observations, WirePrecision precision,
                                                boolean returnWeights) {
        PushGradientsRequest.Builder request = PushGradientsRequest.newBuilder()
                .setReturnWeights(returnWeights)
                .setWorkerId(workerId)
                .setWorkerKey(key(workerId))
                .setSequence(sequence)
                .setBaseVersion(baseVersion)
                .setGradient(Tensors.vector(gradient, precision))
                .setEnvSteps(envSteps);
        for (VectorEnv.Episode e : episodes) {
            request.addEpisodes(EpisodeResult.newBuilder().setEpisodeReturn(e.episodeReturn()).setLength(e.length()));
        }
        if (observations != null) {
            request.setObservationMoments(MomentsMessages.encode(observations));
        }
        return call(PUSH, request.build())
                .thenApply(r -> new PushAck(r.getVersion(), r.getStaleness(), r.getStop(), r.getDuplicate(),
                        r.getApplied(), r.hasWeights()
                        ? new Weights(r.getWeightsVersion(), r.getWeights().getData().asReadOnlyByteBuffer(), r.getStop(),
                                r.hasObservationMoments() ? moments(r.getObservationMoments()) : null) : null));
    }

    public void deregister(int workerId) {
        blocking(() -> blocking.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .deregister(DeregisterRequest.newBuilder().setWorkerId(workerId).setWorkerKey(key(workerId)).build()));
        keys.remove(workerId);
    }

    private PullWeightsRequest pullRequest(int workerId, long sinceVersion) {
        return PullWeightsRequest.newBuilder().setWorkerId(workerId).setWorkerKey(key(workerId))
                .setSinceVersion(sinceVersion).build();
    }

    /** The key of this client's registration with the id; empty for an id it did not register. */
    private ByteString key(int workerId) {
        return keys.getOrDefault(workerId, ByteString.EMPTY);
    }

    private static Weights weights(PullWeightsResponse r) {
        ByteBuffer data = r.getModified() ? r.getWeights().getData().asReadOnlyByteBuffer() : null;
        return new Weights(r.getVersion(), data, r.getStop(),
                data != null && r.hasObservationMoments() ? moments(r.getObservationMoments()) : null);
    }

    /** The moments a server sent; ones no observations could have mean a server this worker cannot work with. */
    private static ObservationMoments moments(dev.a3c.proto.ObservationMoments message) {
        try {
            return MomentsMessages.decode(message);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleServerException("the server sent impossible observation moments: " + e.getMessage());
        }
    }

    /** A blocking call, its failure as a {@link ServerException}. */
    private static <R> R blocking(java.util.function.Supplier<R> call) {
        try {
            return call.get();
        } catch (io.grpc.StatusRuntimeException e) {
            throw ServerException.of(e);
        }
    }

    /** Each call's options: its deadline from now. */
    private CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <Q, R> CompletableFuture<R> call(MethodDescriptor<Q, R> method, Q request) {
        CompletableFuture<R> future = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(method, options()), request, new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                future.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                future.completeExceptionally(ServerException.of(t));
            }

            @Override
            public void onCompleted() {
                if (!future.isDone()) {
                    future.completeExceptionally(new IllegalStateException("call completed without a response"));
                }
            }
        });
        return future;
    }
}

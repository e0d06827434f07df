package dev.a3c.server;

import dev.a3c.config.TrainingConfig;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.server.grpc.GrpcServerSetup;
import dev.a3c.server.grpc.ParameterServerService;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.validation.Rejections;
import dev.a3c.server.validation.RequestLimits;
import dev.a3c.wire.Refusal;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real session served over Netty on 127.0.0.1 with the production gRPC setup
 * ({@link GrpcServerSetup}: malformed-message guard, per-method metrics, wire metrics), recording
 * the episode log in memory; a channel to it.
 */
public final class LoopbackGrpc implements AutoCloseable {

    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final List<TrainingSession.EpisodeRecord> episodeLog = new CopyOnWriteArrayList<>();
    public final TrainingSession session;
    public final ManagedChannel channel;
    private final Server server;

    public LoopbackGrpc(TrainingConfig config, RequestLimits limits) throws IOException {
        this.session = SessionLoader.create(config, limits, meters, episodeLog::add);
        HealthStatusManager health = new HealthStatusManager();
        this.server = GrpcServerSetup.configure(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                new ParameterServerService(session), Optional.empty(), meters, health).build().start();
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    public LoopbackGrpc(TrainingConfig config) throws IOException {
        this(config, RequestLimits.of(config));
    }

    public ParameterServerGrpc.ParameterServerBlockingStub stub() {
        return ParameterServerGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** How many requests were refused for this reason. */
    public double refused(Refusal reason) {
        var counter = meters.find(Rejections.METER).tag("reason", reason.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    /** How many requests were refused, all reasons together. */
    public double refusedInAll() {
        return meters.find(Rejections.METER).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}

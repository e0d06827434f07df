package dev.a3c.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.server.grpc.GrpcServerSetup;
import dev.a3c.server.grpc.ParameterServerService;
import dev.a3c.server.grpc.ServerSecurity;
import dev.a3c.server.training.TrainingSession;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard gRPC health service: SERVING for the server and the a3c service once started,
 * NOT_SERVING as soon as the server shuts down, and reachable without the shared token that the
 * a3c service requires.
 */
class GrpcHealthTest {

    private static final String TOKEN = "s3cret-token";

    private static ServingStatus check(Channel channel, String service) {
        HealthCheckResponse response = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build());
        return response.getStatus();
    }

    private static RegisterRequest registration() {
        return RegisterRequest.newBuilder().setHost("h").setPid(1).setCores(1).setProgramVersion("test").build();
    }

    @Test
    void inProcessHealthIsOpenWhileTheA3cServiceNeedsTheToken() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TrainingSession session = SessionLoader.create(TestSupport.config(), meters, null);
        HealthStatusManager health = new HealthStatusManager();
        String name = InProcessServerBuilder.generateName();
        Server server = GrpcServerSetup.configure(InProcessServerBuilder.forName(name), new ParameterServerService(session),
                Optional.of(TOKEN), meters, health).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        try {
            StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                    () -> check(channel, GrpcServerSetup.A3C_SERVICE));
            assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode(), "not reported before it is started");

            GrpcServerSetup.serving(health);
            assertEquals(ServingStatus.SERVING, check(channel, ""));
            assertEquals(ServingStatus.SERVING, check(channel, "a3c.v1.ParameterServer"));
            assertEquals(Status.Code.NOT_FOUND,
                    assertThrows(StatusRuntimeException.class, () -> check(channel, "no.such.Service")).getStatus().getCode());

            ParameterServerGrpc.ParameterServerBlockingStub a3c = ParameterServerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            StatusRuntimeException noToken = assertThrows(StatusRuntimeException.class, () -> a3c.register(registration()));
            assertEquals(Status.Code.UNAUTHENTICATED, noToken.getStatus().getCode());
            assertTrue(a3c.withCallCredentials(TestSupport.bearer(TOKEN)).register(registration()).getWorkerId() != 0);

            health.enterTerminalState();
            assertEquals(ServingStatus.NOT_SERVING, check(channel, ""));
            assertEquals(ServingStatus.NOT_SERVING, check(channel, GrpcServerSetup.A3C_SERVICE));
            GrpcServerSetup.serving(health);
            assertEquals(ServingStatus.NOT_SERVING, check(channel, ""), "a terminal state stays");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void loopbackServerWithTokenIsServingThenNotServingAsSoonAsItShutsDown(@TempDir Path runDir) throws Exception {
        ParameterServer server = ParameterServer.start(ServerOptions.builder(TestSupport.config(), runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).security(ServerSecurity.token(TOKEN)).build());
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            // probes carry no token
            assertEquals(ServingStatus.SERVING, check(channel, ""));
            assertEquals(ServingStatus.SERVING, check(channel, GrpcServerSetup.A3C_SERVICE));
            StatusRuntimeException noToken = assertThrows(StatusRuntimeException.class, () ->
                    ParameterServerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .register(registration()));
            assertEquals(Status.Code.UNAUTHENTICATED, noToken.getStatus().getCode());

            // a watcher sees the transition while the server shuts down
            BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
            io.grpc.Context.CancellableContext watch = io.grpc.Context.current().withCancellation();
            watch.run(() -> HealthGrpc.newStub(channel).watch(
                    HealthCheckRequest.newBuilder().setService(GrpcServerSetup.A3C_SERVICE).build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(HealthCheckResponse value) {
                            seen.add(value.getStatus());
                        }

                        @Override
                        public void onError(Throwable t) { }

                        @Override
                        public void onCompleted() { }
                    }));
            assertEquals(ServingStatus.SERVING, seen.poll(10, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    server.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(ServingStatus.NOT_SERVING, seen.poll(10, TimeUnit.SECONDS));
            watch.cancel(null);
            closing.get(30, TimeUnit.SECONDS);
            StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> check(channel, ""));
            assertEquals(Status.Code.UNAVAILABLE, gone.getStatus().getCode(), "closed: nothing answers any more");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.close();
        }
    }
}

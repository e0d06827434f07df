package dev.a3c.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.epoll.Epoll;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * On Linux x86-64, gRPC runs over Netty's epoll transport (the native library comes with the build): a server and
 * a client built with defaults, as the parameter server and the workers are, carry calls on epoll event loops.
 */
class EpollTransportTest {

    @Test
    void grpcRunsOnEpollOnLinuxX86() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"), "epoll's native library here is Linux x86-64's");
        assertTrue(Epoll.isAvailable(), () -> "epoll unavailable: " + Epoll.unavailabilityCause());

        AtomicReference<String> servingThread = new AtomicReference<>();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor()
                .addService(new ParameterServerGrpc.ParameterServerImplBase() {
                    @Override
                    public void pullWeights(PullWeightsRequest request, StreamObserver<PullWeightsResponse> out) {
                        servingThread.set(Thread.currentThread().getName());
                        out.onNext(PullWeightsResponse.newBuilder().setVersion(request.getSinceVersion() + 1).build());
                        out.onCompleted();
                    }
                }).build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            PullWeightsResponse answer = ParameterServerGrpc.newBlockingStub(channel)
                    .pullWeights(PullWeightsRequest.newBuilder().setSinceVersion(4).build());
            assertEquals(5, answer.getVersion());
            // grpc-netty names its event loops by transport: grpc-nio-worker-ELG-... on Java's NIO
            assertTrue(servingThread.get().startsWith("grpc-default-worker-ELG"), servingThread.get());
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}

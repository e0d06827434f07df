package dev.a3c.worker.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that could not connect reaches a server that has just come up at its next attempt: {@link
 * ParameterServerClient#reconnectNow()} ends the channel's own reconnect backoff, during which every call would fail
 * at once.
 */
class ReconnectTest {

    @Test
    void afterReconnectNowTheNextCallReachesAServerThatJustStarted(@TempDir Path runDir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        ParameterServerClient client = new ParameterServerClient(channel, Duration.ofSeconds(20),
                Reconnect.of(channel));
        try {
            assertThrows(ServerException.Unavailable.class, () -> client.register("h", 1, 1, "t"));
            try (ParameterServer server = ParameterServer.start(ServerOptions.builder(
                    TrainingConfig.defaults("CartPole-v1"), runDir).grpcPort(port).stopGrace(Duration.ofSeconds(1))
                    .build())) {
                client.reconnectNow();
                // one attempt, no retry: the channel connects now instead of after its backoff
                assertTrue(client.register("h", 1, 1, "t").workerId() > 0);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}

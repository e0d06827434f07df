package dev.a3c.worker;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.grpc.ServerSecurity;
import dev.a3c.worker.client.ChannelSecurity;
import dev.a3c.worker.client.ParameterServerClient;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real parameter servers on 127.0.0.1 and channels to them, all closed at the end of a test. */
public final class SecureServers implements AutoCloseable {

    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Path dir;
    private final List<ParameterServer> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();

    public SecureServers(Path dir) {
        this.dir = dir;
    }

    public ParameterServer start(ServerSecurity security) throws Exception {
        Path runDir = Files.createTempDirectory(dir, "run");
        ParameterServer server = ParameterServer.start(ServerOptions.builder(TrainingConfig.defaults("CartPole-v1"), runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).security(security).build());
        servers.add(server);
        return server;
    }

    /** A client of {@code server} over a channel with these settings. */
    public ParameterServerClient client(ParameterServer server, ChannelSecurity security) {
        ManagedChannel channel = security.channelBuilder("127.0.0.1", server.grpcPort()).build();
        channels.add(channel);
        return new ParameterServerClient(channel, DEADLINE);
    }

    /** Registers through {@code client}, as a worker does first. */
    public static ParameterServerClient.Registration register(ParameterServerClient client) {
        return client.register("secure-test", ProcessHandle.current().pid(), 1, "test");
    }

    public static int activeWorkers(ParameterServer server) {
        return server.session().status().activeWorkers();
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
        for (ParameterServer server : servers) {
            server.close();
        }
    }
}

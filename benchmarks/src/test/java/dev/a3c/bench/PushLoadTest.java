package dev.a3c.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 32 simulated workers pushing over loopback for a few seconds: every accepted push applied exactly once. */
@Tag("integration")
class PushLoadTest {

    @Test
    void thirtyTwoConcurrentWorkersAreEachCountedExactlyOnce(@TempDir Path runDir) throws Exception {
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--max-steps 1000000000");
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).build())) {
            PushLoad.Result result = PushLoad.run(server, 32, Duration.ofSeconds(3));
            assertEquals(0, result.errors(), result.toString());
            assertEquals(0, result.duplicates(), "no push was retried");
            assertTrue(result.applied() > 32, "every worker got pushes through: " + result);
            assertEquals(result.serverUpdates(), result.applied(), "workers and server agree");
            assertEquals(5 * result.applied(), result.serverEnvSteps(), "each push's steps counted once");
            assertEquals(32, server.session().status().workers().size());
        }
    }
}

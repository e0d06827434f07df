package dev.a3c.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.training.WorkerStatus;
import dev.a3c.worker.client.ParameterServerClient;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker survives a restart of its server: while the server shuts down it answers UNAVAILABLE (not
 * "stop"), the worker retries, reaches the restarted server (resumed from its final checkpoint on
 * the same port), is told its id is unknown, registers again, takes the server's weights, and works
 * until the run is over.
 */
@Tag("integration")
class WorkerServerRestartTest {

    private static final long BUDGET = 60_000;

    private static TrainingConfig config() {
        return TrainingConfig.of("CartPole-v1", "--envs-per-worker 8 --lr 7e-4 --max-steps " + BUDGET
                + " --target-return none --hidden 32 --checkpoint-interval 1h");
    }

    private static ParameterServer start(Path runDir, int port, boolean resume) throws Exception {
        return ParameterServer.start(ServerOptions.builder(config(), runDir).resume(resume).grpcPort(port).stopGrace(Duration.ofSeconds(2)).keepCheckpoints(2).maxMessageBytes(16 << 20).build());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aWorkerRegistersAgainWithARestartedServerAndFinishesTheRun(@TempDir Path runDir) throws Exception {
        int port = freePort();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        Worker worker = new Worker(new ParameterServerClient(channel, Duration.ofSeconds(5)),
                new Worker.Identity("w", ProcessHandle.current().pid(), 1, "test"), Duration.ofSeconds(30));
        ParameterServer second = null;
        try {
            int firstId;
            long versionAtRestart;
            long stepsAtRestart;
            Future<Worker.Summary> summary;
            try (ParameterServer first = start(runDir, port, false)) {
                summary = pool.submit(worker::run);
                await().atMost(Duration.ofSeconds(60)).until(() -> first.session().status().updates() >= 50);
                first.close();
                RunState before = first.session().status();
                assertTrue(!before.finished(), "shutting down does not end the run");
                firstId = before.workers().get(0).id();
                versionAtRestart = before.version();
                stepsAtRestart = before.envSteps();
            }

            second = start(runDir, port, true);
            TrainingSession session = second.session();
            assertEquals(versionAtRestart, session.status().version(), "resumed from the final checkpoint");
            assertEquals(stepsAtRestart, session.status().envSteps());

            Worker.Summary done = summary.get(90, TimeUnit.SECONDS);
            assertEquals(Worker.OVER, done.stopReason());
            RunState after = session.status();
            assertTrue(after.finished());
            assertTrue(after.envSteps() >= BUDGET);
            assertTrue(after.version() > versionAtRestart);
            assertEquals(1, after.workers().size(), "the worker registered once with the new server");
            WorkerStatus rejoined = after.workers().get(0);
            assertNotEquals(firstId, rejoined.id(), "a new id from the new server");
            assertEquals(rejoined.id(), done.workerId());
            assertEquals(after.version() - versionAtRestart, rejoined.pushes(), "every update after the restart is its");
            assertEquals(after.envSteps() - stepsAtRestart, rejoined.envSteps());
        } finally {
            worker.requestStop();
            pool.shutdown();
            if (!pool.awaitTermination(20, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            if (second != null) {
                second.close();
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}

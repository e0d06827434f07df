package dev.a3c.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.worker.client.ParameterServerClient;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker the server forgets between its registration and its first pull (its lease ran out while
 * the JVM was slow to start, on a busy machine) registers again instead of giving up.
 */
class WorkerLeaseTest {

    private static final long BUDGET = 2_000;

    /** Expires every worker on the server just before the first pull leaves. */
    private static final class ExpireBeforeFirstPull implements ClientInterceptor {
        private final TrainingSession session;
        private final AtomicBoolean done = new AtomicBoolean();

        ExpireBeforeFirstPull(TrainingSession session) {
            this.session = session;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            if (method.getFullMethodName().equals(ParameterServerGrpc.getPullWeightsMethod().getFullMethodName())
                    && done.compareAndSet(false, true)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !session.expireLeases(Duration.ofNanos(1)).isEmpty());
            }
            return next.newCall(method, options);
        }
    }

    @Test
    void aWorkerForgottenBeforeItsFirstPullRegistersAgainAndTrains(@TempDir Path runDir) throws Exception {
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--envs-per-worker 8 --lr 7e-4 --max-steps " + BUDGET
                + " --target-return none --hidden 16 --checkpoint-interval 1h");
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(2)).keepCheckpoints(1).maxMessageBytes(16 << 20).build())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                Channel intercepted = ClientInterceptors.intercept(channel, new ExpireBeforeFirstPull(server.session()));
                Worker.Summary summary = new Worker(new ParameterServerClient(intercepted, Duration.ofSeconds(10)),
                        new Worker.Identity("slow-start", ProcessHandle.current().pid(), 1, "test"),
                        Duration.ofSeconds(20)).run();
                assertEquals("server says training is over", summary.stopReason());
                RunState status = server.session().status();
                assertEquals(2, status.workers().size(), "the expired registration and the new one");
                assertEquals("expired", status.workers().get(0).state());
                assertEquals(0, status.workers().get(0).pushes());
                assertEquals(summary.workerId(), status.workers().get(1).id());
                assertTrue(status.finished());
                assertEquals(status.updates(), summary.pushes(), "every update came from the second registration");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}

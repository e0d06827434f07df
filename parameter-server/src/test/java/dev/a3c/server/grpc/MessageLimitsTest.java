package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pull;
import static dev.a3c.server.TestSupport.pushRequest;
import static dev.a3c.server.TestSupport.register;
import static dev.a3c.server.TestSupport.vector;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.TestSupport;
import dev.a3c.server.validation.Rejections;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Empty and oversized messages over a real loopback server with a small configured maximum. */
class MessageLimitsTest {

    private static final int LIMIT = 8 * 1024;

    @Test
    void oversizedAndEmptyMessagesAreRefusedAndChangeNothing(@TempDir Path runDir) throws Exception {
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(TestSupport.config(), runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(LIMIT).build())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            try {
                ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(20, TimeUnit.SECONDS);
                int id = register(stub, "w").getWorkerId();
                stub.pushGradients(pushRequest(id, 1, 0, vector(gradient(PARAMETERS, 0.1f)), 3).build());
                PullWeightsResponse before = pull(stub, id, -1);

                // a gradient padded with episodes beyond the limit: refused by the transport
                PushGradientsRequest.Builder big = pushRequest(id, 2, 1, vector(gradient(PARAMETERS, 0.1f)), 3);
                for (int i = 0; i < LIMIT / 8; i++) {
                    big.addEpisodes(dev.a3c.proto.EpisodeResult.newBuilder().setEpisodeReturn(i).setLength(1));
                }
                assertTrue(big.build().getSerializedSize() > LIMIT);
                StatusRuntimeException tooBig = assertThrows(StatusRuntimeException.class, () -> stub.pushGradients(big.build()));
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, tooBig.getStatus().getCode(), tooBig.getStatus().toString());
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(1.0, server.session().meters()
                        .get(Rejections.METER).tag("reason", "message_too_large").counter().count(),
                        "the transport's refusal is counted"));

                // an empty push: no worker id, no key, no gradient
                StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                        () -> stub.pushGradients(PushGradientsRequest.getDefaultInstance()));
                assertEquals(Status.Code.NOT_FOUND, empty.getStatus().getCode());
                // an empty push in a known worker's name: no key
                StatusRuntimeException noKey = assertThrows(StatusRuntimeException.class,
                        () -> stub.pushGradients(PushGradientsRequest.newBuilder().setWorkerId(id).build()));
                assertEquals(Status.Code.PERMISSION_DENIED, noKey.getStatus().getCode());
                // with its key, but no sequence and no gradient
                StatusRuntimeException noGradient = assertThrows(StatusRuntimeException.class,
                        () -> stub.pushGradients(PushGradientsRequest.newBuilder().setWorkerId(id)
                                .setWorkerKey(TestSupport.keyBytes(id)).build()));
                assertEquals(Status.Code.INVALID_ARGUMENT, noGradient.getStatus().getCode());

                PullWeightsResponse after = pull(stub, id, -1);
                assertEquals(before.getVersion(), after.getVersion());
                assertArrayEquals(before.getWeights().getData().toByteArray(), after.getWeights().getData().toByteArray());
                assertEquals(3, server.session().status().envSteps());
                assertEquals(0, server.session().status().episodes());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}

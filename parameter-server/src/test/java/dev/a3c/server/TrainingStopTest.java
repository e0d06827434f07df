package dev.a3c.server;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.pull;
import static dev.a3c.server.TestSupport.pushRequest;
import static dev.a3c.server.TestSupport.register;
import static dev.a3c.server.TestSupport.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.training.RunState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When training ends (step budget or target return), every caller is told to stop. */
class TrainingStopTest {

    private final Tensor g = vector(gradient(PARAMETERS, 0.1f));

    @Test
    void pushThatSpendsTheStepBudgetIsToldToStopAndSoIsEveryoneAfter() throws Exception {
        try (TestSupport.InProcessGrpc grpc = new TestSupport.InProcessGrpc(TestSupport.config(100, null, false))) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            int a = register(stub, "a").getWorkerId();
            int b = register(stub, "b").getWorkerId();
            assertFalse(stub.pushGradients(pushRequest(a, 1, 0, g, 40).build()).getStop());
            assertFalse(stub.pushGradients(pushRequest(a, 2, 1, g, 40).build()).getStop());
            assertFalse(grpc.session.isFinished());
            assertFalse(grpc.session.awaitFinished(Duration.ZERO));

            PushGradientsResponse crossing = stub.pushGradients(pushRequest(b, 1, 2, g, 40).build());
            assertTrue(crossing.getStop());
            assertFalse(crossing.getDuplicate());
            assertEquals(3, crossing.getVersion(), "the crossing push is still applied");
            assertTrue(grpc.session.isFinished());
            assertTrue(grpc.session.awaitFinished(Duration.ofSeconds(1)));
            assertFalse(grpc.session.reachedTarget());
            RunState status = grpc.session.status();
            assertTrue(status.finished());
            assertTrue(status.stopReason().contains("budget"), status.stopReason());
            assertEquals(120, status.envSteps());

            assertFalse(grpc.session.allWorkersToldToStop(), "worker a has not heard yet");
            PullWeightsResponse pulled = pull(stub, a, -1);
            assertTrue(pulled.getStop());
            assertEquals(3, pulled.getVersion());
            assertTrue(grpc.session.allWorkersToldToStop());
            byte[] weights = pulled.getWeights().getData().toByteArray();

            PushGradientsResponse late = stub.pushGradients(pushRequest(a, 3, 3, g, 40, 5.0).build());
            assertTrue(late.getStop());
            assertEquals(3, late.getVersion());
            PullWeightsResponse after = pull(stub, b, -1);
            assertTrue(after.getStop());
            assertEquals(3, after.getVersion());
            assertArrayEquals(weights, after.getWeights().getData().toByteArray(), "a push after the end is not applied");
            assertEquals(120, grpc.session.status().envSteps());
            assertEquals(0, grpc.session.status().episodes());

            // a worker that arrives late is told to stop on its first call
            int c = register(stub, "c").getWorkerId();
            assertFalse(grpc.session.allWorkersToldToStop());
            assertTrue(pull(stub, c, -1).getStop());
            assertTrue(grpc.session.allWorkersToldToStop());
        }
    }

    @Test
    void sessionFinishesOnceTheLast100EpisodesAverageTheTarget() throws Exception {
        try (TestSupport.InProcessGrpc grpc = new TestSupport.InProcessGrpc(TestSupport.config(1_000_000, 150.0, false))) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            int id = register(stub, "w").getWorkerId();
            long seq = 0;

            // 99 great episodes are not enough: the window is not full
            double[] great = new double[99];
            java.util.Arrays.fill(great, 500.0);
            assertFalse(stub.pushGradients(pushRequest(id, ++seq, 0, g, 100, great).build()).getStop());
            assertFalse(grpc.session.isFinished());
        }
        try (TestSupport.InProcessGrpc grpc = new TestSupport.InProcessGrpc(TestSupport.config(1_000_000, 150.0, false))) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            int id = register(stub, "w").getWorkerId();
            long seq = 0;
            // 100 episodes averaging below the target
            double[] mediocre = new double[100];
            java.util.Arrays.fill(mediocre, 100.0);
            assertFalse(stub.pushGradients(pushRequest(id, ++seq, 0, g, 100, mediocre).build()).getStop());
            assertEquals(100.0, grpc.session.status().avgReturn100());
            assertEquals(100.0, grpc.session.status().bestAvgReturn100());
            // each episode of 200 replaces one of 100 in the window: the average reaches 150 after 50
            for (int k = 1; k < 50; k++) {
                PushGradientsResponse r = stub.pushGradients(pushRequest(id, ++seq, 0, g, 10, 200.0).build());
                assertFalse(r.getStop(), "average " + grpc.session.status().avgReturn100());
            }
            assertFalse(grpc.session.isFinished());
            PushGradientsResponse reached = stub.pushGradients(pushRequest(id, ++seq, 0, g, 10, 200.0).build());
            assertTrue(reached.getStop());
            assertTrue(grpc.session.isFinished());
            assertTrue(grpc.session.reachedTarget());
            RunState status = grpc.session.status();
            assertEquals(150, status.episodes());
            assertEquals(150.0, status.avgReturn100(), 1e-9);
            assertEquals(150.0, status.bestAvgReturn100(), 1e-9);
            assertTrue(status.stopReason().contains("target"), status.stopReason());
            assertTrue(pull(stub, id, -1).getStop());
            long version = status.version();
            assertTrue(stub.pushGradients(pushRequest(id, ++seq, 0, g, 10, 10.0).build()).getStop());
            assertEquals(version, grpc.session.status().version());
            assertEquals(150, grpc.session.status().episodes());
        }
    }

    @Test
    void finishIsIdempotentAndKeepsTheFirstReason() throws Exception {
        try (TestSupport.InProcessGrpc grpc = new TestSupport.InProcessGrpc(TestSupport.config())) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            int id = register(stub, "w").getWorkerId();
            assertNull(grpc.session.status().stopReason());
            grpc.session.finish("operator");
            grpc.session.finish("again");
            assertEquals("operator", grpc.session.status().stopReason());
            assertTrue(stub.pushGradients(pushRequest(id, 1, 0, g, 10).build()).getStop());
            assertEquals(0, grpc.session.status().version());
        }
    }
}

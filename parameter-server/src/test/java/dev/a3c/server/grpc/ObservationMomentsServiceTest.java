package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PullWeightsResponse;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.server.LoopbackGrpc;
import dev.a3c.server.TestSupport;
import dev.a3c.wire.MomentsMessages;
import dev.a3c.wire.Refusal;
import dev.a3c.wire.RefusalStatus;
import io.grpc.StatusRuntimeException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A run that standardizes observations, through real gRPC over loopback: the server adds up the moments that come
 * with applied pushes, exactly once, sends them with the weights, and refuses moments no honest worker sends.
 */
class ObservationMomentsServiceTest {

    /** CartPole observations have 4 values; a push of the test configuration covers at most 500 steps. */
    private static final int STEPS = 10;
    private static final float[] SMALL = TestSupport.gradient(PARAMETERS, 0.01f);

    private static TrainingConfig standardizing() {
        return TestSupport.config().with("--standardize-observations");
    }

    /** Moments of 10 observations: value j has mean j and M2 10 (j + 1). */
    private static dev.a3c.proto.ObservationMoments honest(double shift) {
        return dev.a3c.proto.ObservationMoments.newBuilder().setCount(STEPS)
                .addMean(shift).addMean(1 + shift).addMean(2 + shift).addMean(3 + shift)
                .addM2(10).addM2(20).addM2(30).addM2(40).build();
    }

    private static PushGradientsRequest.Builder push(RegisterResponse worker, long sequence, long base) {
        return TestSupport.pushRequest(worker.getWorkerId(), sequence, base, vector(SMALL), STEPS);
    }

    @Test
    void addsUpTheMomentsOfAppliedPushesOnceAndSendsThemWithTheWeights() throws Exception {
        try (LoopbackGrpc grpc = new LoopbackGrpc(standardizing())) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            RegisterResponse w = TestSupport.register(stub, "w");
            PullWeightsResponse first = stub.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(w.getWorkerId())
                    .setWorkerKey(w.getWorkerKey()).setSinceVersion(-1).build());
            assertEquals(ObservationMoments.empty(4), MomentsMessages.decode(first.getObservationMoments()),
                    "before any push: no observations");

            PushGradientsResponse a = stub.pushGradients(push(w, 1, 0).setObservationMoments(honest(0))
                    .setReturnWeights(true).build());
            assertTrue(a.getApplied());
            ObservationMoments afterOne = MomentsMessages.decode(a.getObservationMoments());
            assertEquals(MomentsMessages.decode(honest(0)), afterOne, "the answer's weights come with their moments");

            // the same push again (a retry): acknowledged, not counted twice
            PushGradientsResponse retry = stub.pushGradients(push(w, 1, 0).setObservationMoments(honest(0)).build());
            assertTrue(retry.getDuplicate());

            PushGradientsResponse b = stub.pushGradients(push(w, 2, 1).setObservationMoments(honest(2))
                    .setReturnWeights(true).build());
            ObservationMoments afterTwo = MomentsMessages.decode(b.getObservationMoments());
            // 20 observations: means shifted by 1; M2 adds both sets' M2 and 10 * 10 / 20 * (2 - 0)^2 = 20
            assertEquals(20, afterTwo.count());
            assertArrayEquals(new double[] {1, 2, 3, 4}, afterTwo.mean(), 1e-12);
            assertArrayEquals(new double[] {40, 60, 80, 100}, afterTwo.m2(), 1e-9);

            PullWeightsResponse pulled = stub.pullWeights(PullWeightsRequest.newBuilder().setWorkerId(w.getWorkerId())
                    .setWorkerKey(w.getWorkerKey()).setSinceVersion(0).build());
            assertEquals(2, pulled.getVersion());
            assertEquals(afterTwo, MomentsMessages.decode(pulled.getObservationMoments()));
            PullWeightsResponse unchanged = stub.pullWeights(PullWeightsRequest.newBuilder()
                    .setWorkerId(w.getWorkerId()).setWorkerKey(w.getWorkerKey()).setSinceVersion(2).build());
            assertFalse(unchanged.hasObservationMoments(), "no weights, no moments");
            assertEquals(afterTwo, grpc.session.checkpointData().model().moments(), "checkpoints hold them");
        }
    }

    @Test
    void refusesMomentsNoHonestWorkerSendsAndChangesNothing() throws Exception {
        try (LoopbackGrpc grpc = new LoopbackGrpc(standardizing())) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            RegisterResponse w = TestSupport.register(stub, "w");
            assertTrue(stub.pushGradients(push(w, 1, 0).setObservationMoments(honest(0)).build()).getApplied());
            ObservationMoments before = grpc.session.checkpointData().model().moments();
            long sequence = 2;   // refused pushes leave the worker's next sequence as it was
            for (UnaryOperator<PushGradientsRequest.Builder> row : java.util.List.<UnaryOperator<PushGradientsRequest.Builder>>of(
                    p -> p,                                                                   // none
                    p -> p.setObservationMoments(honest(0).toBuilder().setCount(STEPS + 1)), // more than the steps
                    p -> p.setObservationMoments(honest(0).toBuilder().setCount(STEPS - 1)), // fewer
                    p -> p.setObservationMoments(honest(0).toBuilder().addMean(0).addM2(0)), // 5 values
                    p -> p.setObservationMoments(honest(0).toBuilder().clearMean().addMean(0).addMean(1).addMean(2)), // 3 means
                    p -> p.setObservationMoments(honest(0).toBuilder().setMean(1, Double.NaN)),
                    p -> p.setObservationMoments(honest(0).toBuilder().setMean(1, Double.POSITIVE_INFINITY)),
                    p -> p.setObservationMoments(honest(0).toBuilder().setMean(2, 2e9)),    // beyond the limit
                    p -> p.setObservationMoments(honest(0).toBuilder().setM2(0, -1)),
                    p -> p.setObservationMoments(honest(0).toBuilder().setM2(0, 1e20 * STEPS)), // std 1e10
                    p -> p.setObservationMoments(honest(0).toBuilder().setM2(3, Double.NaN)))) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> stub.pushGradients(row.apply(push(w, sequence, 1)).build()));
                assertEquals(Refusal.OBSERVATION_MOMENTS, RefusalStatus.of(e).orElseThrow(), e.getMessage());
                assertEquals(1, grpc.session.status().version(), "nothing applied: " + e.getMessage());
                assertEquals(before, grpc.session.checkpointData().model().moments());
            }
            assertEquals(11, grpc.refused(Refusal.OBSERVATION_MOMENTS));
            assertTrue(stub.pushGradients(push(w, sequence, 1).setObservationMoments(honest(0)).build()).getApplied(),
                    "an honest push still goes through");
        }
    }

    @Test
    void aRunThatDoesNotStandardizeRefusesMomentsAndSendsNone() throws Exception {
        try (LoopbackGrpc grpc = new LoopbackGrpc(TestSupport.config())) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            RegisterResponse w = TestSupport.register(stub, "w");
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> stub.pushGradients(push(w, 1, 0).setObservationMoments(honest(0)).build()));
            assertEquals(Refusal.OBSERVATION_MOMENTS, RefusalStatus.of(e).orElseThrow());
            PushGradientsResponse ok = stub.pushGradients(push(w, 1, 0).setReturnWeights(true).build());
            assertTrue(ok.getApplied() && ok.hasWeights());
            assertFalse(ok.hasObservationMoments());
        }
    }
}

package dev.a3c.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.server.training.RunState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

/** A draining server (shutting down) answers UNAVAILABLE, changes nothing, and does not end the run. */
class DrainingTest {

    @Test
    void callsDuringDrainAreUnavailableAndChangeNothing() throws Exception {
        try (TestSupport.InProcessGrpc grpc = new TestSupport.InProcessGrpc(TestSupport.config())) {
            ParameterServerGrpc.ParameterServerBlockingStub stub = grpc.stub();
            RegisterResponse reg = TestSupport.register(stub, "h");
            int id = reg.getWorkerId();
            stub.pushGradients(TestSupport.pushRequest(id, 1, 0,
                    TestSupport.vector(TestSupport.gradient(TestSupport.PARAMETERS, 1f)), 10).build());
            byte[] weights = TestSupport.pull(stub, id, -1).getWeights().getData().toByteArray();

            grpc.session.drain();

            for (Runnable call : new Runnable[] {
                () -> stub.pushGradients(TestSupport.pushRequest(id, 2, 1,
                        TestSupport.vector(TestSupport.gradient(TestSupport.PARAMETERS, 1f)), 10).build()),
                () -> TestSupport.pull(stub, id, -1),
                () -> TestSupport.register(stub, "late")}) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            }
            RunState status = grpc.session.status();
            assertEquals(1, status.version());
            assertEquals(10, status.envSteps());
            assertEquals(1, status.workers().size());
            assertFalse(status.finished(), "draining is not the end of training");
            assertArrayEquals(TestSupport.decode(weights),
                    grpc.session.checkpointData().model().graph().params().toFloatVector(), "weights unchanged");
        }
    }
}

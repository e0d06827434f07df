package dev.a3c.worker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.a3c.wire.Refusal;
import dev.a3c.wire.RefusalStatus;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ServerExceptionTest {

    @Test
    void theServersRefusalDecidesTheType() {
        assertInstanceOf(ServerException.StalePush.class, ServerException.of(RefusalStatus.toException(Refusal.STALE, "old")));
        assertInstanceOf(ServerException.UnknownWorker.class,
                ServerException.of(RefusalStatus.toException(Refusal.UNKNOWN_WORKER, "who")));
        assertInstanceOf(ServerException.Unavailable.class,
                ServerException.of(RefusalStatus.toException(Refusal.DRAINING, "bye")));
        RuntimeException norm = ServerException.of(RefusalStatus.toException(Refusal.GRADIENT_NORM, "too big"));
        assertInstanceOf(ServerException.Refused.class, norm);
        assertEquals(Optional.of(Refusal.GRADIENT_NORM), ((ServerException) norm).refusal());
        assertEquals("INVALID_ARGUMENT: too big", norm.getMessage());
    }

    @Test
    void aStatusWithoutARefusalIsTypedByItsCode() {
        assertInstanceOf(ServerException.StalePush.class, ServerException.of(Status.FAILED_PRECONDITION.asRuntimeException()));
        assertInstanceOf(ServerException.UnknownWorker.class, ServerException.of(Status.NOT_FOUND.asRuntimeException()));
        assertInstanceOf(ServerException.Unavailable.class, ServerException.of(Status.UNAVAILABLE.asRuntimeException()));
        assertInstanceOf(ServerException.Unavailable.class, ServerException.of(Status.DEADLINE_EXCEEDED.asRuntimeException()));
        RuntimeException denied = ServerException.of(Status.UNAUTHENTICATED.asRuntimeException());
        assertInstanceOf(ServerException.Refused.class, denied);
        assertEquals(Optional.empty(), ((ServerException) denied).refusal());
    }

    @Test
    void wrappersAreUnwrappedAndOtherErrorsPassThrough() {
        RuntimeException stale = RefusalStatus.toException(Refusal.STALE, "old");
        assertInstanceOf(ServerException.StalePush.class,
                ServerException.of(new CompletionException(new ExecutionException(stale))));
        IllegalStateException bug = new IllegalStateException("ours");
        assertSame(bug, ServerException.of(new CompletionException(bug)));
    }

    @Test
    void aRefusedPushIsCountedUnderTheRefusalsName() {
        assertEquals("gradient_norm", ServerException.reason(RefusalStatus.toException(Refusal.GRADIENT_NORM, "x")));
        assertEquals("draining", ServerException.reason(new CompletionException(RefusalStatus.toException(Refusal.DRAINING, "x"))));
        assertEquals("stale", ServerException.reason(Status.FAILED_PRECONDITION.asRuntimeException()));
        assertEquals("message_too_large", ServerException.reason(Status.RESOURCE_EXHAUSTED.asRuntimeException()));
        assertEquals("unauthenticated", ServerException.reason(Status.UNAUTHENTICATED.asRuntimeException()));
    }
}

package dev.a3c.worker.client;

import dev.a3c.wire.Refusal;
import dev.a3c.wire.RefusalStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a call to the parameter server can end in, besides an answer: the client adapter turns each
 * gRPC status into one of these, so that the worker loop decides on kinds, not on status codes.
 * The gRPC status stays the cause ({@link Status#fromThrowable} finds it).
 */
public abstract sealed class ServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ServerException(StatusRuntimeException cause) {
        super(describe(cause.getStatus()), cause);
    }

    /** The server's answer as gRPC status. */
    public Status status() {
        return ((StatusRuntimeException) getCause()).getStatus();
    }

    /** The push was computed on weights older than the server accepts ({@code FAILED_PRECONDITION}). */
    public static final class StalePush extends ServerException {
        private static final long serialVersionUID = 1L;

        StalePush(StatusRuntimeException cause) {
            super(cause);
        }
    }

    /** The server does not know this worker ({@code NOT_FOUND}): it restarted, or the lease expired. */
    public static final class UnknownWorker extends ServerException {
        private static final long serialVersionUID = 1L;

        UnknownWorker(StatusRuntimeException cause) {
            super(cause);
        }
    }

    /** The server could not be reached in time ({@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}): worth retrying. */
    public static final class Unavailable extends ServerException {
        private static final long serialVersionUID = 1L;

        Unavailable(StatusRuntimeException cause) {
            super(cause);
        }
    }

    /** Any other refusal (bad token, a request the server finds impossible, ...): not worth retrying. */
    public static final class Refused extends ServerException {
        private static final long serialVersionUID = 1L;

        Refused(StatusRuntimeException cause) {
            super(cause);
        }
    }

    /** The kind of a failed call; anything that is not a gRPC status is returned as a runtime exception as it is. */
    public static RuntimeException of(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ServerException known) {
            return known;
        }
        if (!(t instanceof StatusRuntimeException e)) {
            return t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
        Optional<Refusal> refusal = RefusalStatus.of(e);
        if (refusal.isPresent()) {
            return switch (refusal.get()) {
                case STALE -> new StalePush(e);
                case UNKNOWN_WORKER -> new UnknownWorker(e);
                case DRAINING -> new Unavailable(e);
                default -> new Refused(e);
            };
        }
        // a status without the refusal trailer: the transport, a proxy, or a server from before the trailer
        return switch (e.getStatus().getCode()) {
            case FAILED_PRECONDITION -> new StalePush(e);
            case NOT_FOUND -> new UnknownWorker(e);
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new Unavailable(e);
            default -> new Refused(e);
        };
    }

    /** The server's refusal, when the status names one (see {@link RefusalStatus}). */
    public Optional<Refusal> refusal() {
        return RefusalStatus.of((StatusRuntimeException) getCause());
    }

    private static String describe(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }

    /**
     * The reason tag of a failed push: the server's refusal when the status names one ({@code stale},
     * {@code unknown_worker}, {@code draining}, {@code gradient_norm}, ...), else from its gRPC status code.
     */
    public static String reason(Throwable error) {
        RuntimeException e = of(error);
        if (!(e instanceof ServerException refused)) {
            return "unknown";
        }
        return refused.refusal().map(Refusal::tag).orElseGet(() -> reason(refused.status().getCode().name()));
    }

    /**
     * The reason tag of a status that names no refusal (the transport's, a proxy's, an older server's): our names
     * where the code has one ({@code stale}, {@code unknown_worker}, {@code message_too_large}), else the code in
     * lower case ({@code unavailable}, {@code deadline_exceeded}, {@code unauthenticated}, ...).
     */
    static String reason(String statusCode) {
        return switch (statusCode) {
            case "FAILED_PRECONDITION" -> "stale";
            case "NOT_FOUND" -> "unknown_worker";
            case "RESOURCE_EXHAUSTED" -> "message_too_large";
            default -> statusCode.toLowerCase(Locale.ROOT);
        };
    }
}

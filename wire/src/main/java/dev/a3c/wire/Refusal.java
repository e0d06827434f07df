package dev.a3c.wire;

import io.grpc.Status;
import java.util.Locale;
import java.util.Optional;

/**
 * Why the server refused a request: the gRPC status code it is sent with ({@link RefusalStatus} puts the refusal itself
 * in the status's trailers, so the worker knows which one it got) and the {@code reason} tag it is counted under in {@code a3c_requests_rejected_total}. The README's
 * "Limits and refusals" lists them all.
 */
public enum Refusal {
    /** The server is shutting down; the worker retries and finds a restarted server. */
    DRAINING(Status.Code.UNAVAILABLE),
    /** An id that is not registered (never was, left, expired, or belongs to an earlier server). */
    UNKNOWN_WORKER(Status.Code.NOT_FOUND),
    /** A call in the name of a registered worker without that registration's key. */
    WORKER_KEY(Status.Code.PERMISSION_DENIED),
    /** As many workers are registered as the server admits. */
    TOO_MANY_WORKERS(Status.Code.RESOURCE_EXHAUSTED),
    /** A gradient older than {@code --max-staleness} versions; an honest worker drops it and goes on. */
    STALE(Status.Code.FAILED_PRECONDITION),
    HOST(Status.Code.INVALID_ARGUMENT),
    PID(Status.Code.INVALID_ARGUMENT),
    CORES(Status.Code.INVALID_ARGUMENT),
    PROGRAM_VERSION(Status.Code.INVALID_ARGUMENT),
    SEQUENCE(Status.Code.INVALID_ARGUMENT),
    BASE_VERSION(Status.Code.INVALID_ARGUMENT),
    SINCE_VERSION(Status.Code.INVALID_ARGUMENT),
    ENV_STEPS(Status.Code.INVALID_ARGUMENT),
    EPISODE_COUNT(Status.Code.INVALID_ARGUMENT),
    EPISODE_LENGTH(Status.Code.INVALID_ARGUMENT),
    EPISODE_RETURN(Status.Code.INVALID_ARGUMENT),
    WRONG_DTYPE(Status.Code.INVALID_ARGUMENT),
    WRONG_SHAPE(Status.Code.INVALID_ARGUMENT),
    WRONG_SIZE(Status.Code.INVALID_ARGUMENT),
    NON_FINITE(Status.Code.INVALID_ARGUMENT),
    GRADIENT_NORM(Status.Code.INVALID_ARGUMENT),
    /** Observation moments missing, unexpected, or not what the push's observations could have. */
    OBSERVATION_MOMENTS(Status.Code.INVALID_ARGUMENT),
    /** Bytes that do not parse as the method's protobuf message. */
    MALFORMED_MESSAGE(Status.Code.INVALID_ARGUMENT);

    /** The transport-neutral kind of a refusal; the gRPC adapter maps each to the status of the same name. */

    private final Status.Code code;

    Refusal(Status.Code code) {
        this.code = code;
    }

    /** The gRPC status code the refusal is sent with. */
    public Status.Code code() {
        return code;
    }

    /** The metric tag: the name in lower case ({@code gradient_norm}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The refusal of a tag, if it is one (an older or newer server may send tags this build does not know). */
    public static Optional<Refusal> ofTag(String tag) {
        for (Refusal r : values()) {
            if (r.tag().equals(tag)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}

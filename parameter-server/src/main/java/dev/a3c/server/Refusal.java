package dev.a3c.server;

import java.util.Locale;

/**
 * Why a request was refused: what kind of refusal it is (mapped to a gRPC status by the adapter)
 * and the {@code reason} tag it is counted under in {@code a3c_requests_rejected_total}. The README's
 * "Limits and refusals" lists them all.
 */
public enum Refusal {
    /** The server is shutting down; the worker retries and finds a restarted server. */
    DRAINING(Kind.UNAVAILABLE),
    /** An id that is not registered (never was, left, expired, or belongs to an earlier server). */
    UNKNOWN_WORKER(Kind.NOT_FOUND),
    /** A call in the name of a registered worker without that registration's key. */
    WORKER_KEY(Kind.PERMISSION_DENIED),
    /** As many workers are registered as the server admits. */
    TOO_MANY_WORKERS(Kind.RESOURCE_EXHAUSTED),
    /** A gradient older than {@code --max-staleness} versions; an honest worker drops it and goes on. */
    STALE(Kind.FAILED_PRECONDITION),
    HOST(Kind.INVALID_ARGUMENT),
    PID(Kind.INVALID_ARGUMENT),
    CORES(Kind.INVALID_ARGUMENT),
    PROGRAM_VERSION(Kind.INVALID_ARGUMENT),
    SEQUENCE(Kind.INVALID_ARGUMENT),
    BASE_VERSION(Kind.INVALID_ARGUMENT),
    SINCE_VERSION(Kind.INVALID_ARGUMENT),
    ENV_STEPS(Kind.INVALID_ARGUMENT),
    EPISODE_COUNT(Kind.INVALID_ARGUMENT),
    EPISODE_LENGTH(Kind.INVALID_ARGUMENT),
    EPISODE_RETURN(Kind.INVALID_ARGUMENT),
    WRONG_DTYPE(Kind.INVALID_ARGUMENT),
    WRONG_SHAPE(Kind.INVALID_ARGUMENT),
    WRONG_SIZE(Kind.INVALID_ARGUMENT),
    NON_FINITE(Kind.INVALID_ARGUMENT),
    GRADIENT_NORM(Kind.INVALID_ARGUMENT),
    /** Bytes that do not parse as the method's protobuf message. */
    MALFORMED_MESSAGE(Kind.INVALID_ARGUMENT);

    /** The transport-neutral kind of a refusal; the gRPC adapter maps each to the status of the same name. */
    public enum Kind { INVALID_ARGUMENT, FAILED_PRECONDITION, RESOURCE_EXHAUSTED, NOT_FOUND, PERMISSION_DENIED, UNAVAILABLE }

    private final Kind kind;

    Refusal(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The metric tag: the name in lower case ({@code gradient_norm}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}

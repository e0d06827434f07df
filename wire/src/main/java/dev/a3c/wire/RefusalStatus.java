package dev.a3c.wire;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;

/**
 * A {@link Refusal} on the wire: the server sends it as its gRPC status code with the reason as description and the
 * refusal's tag in the {@code a3c-refusal} trailer; the worker reads the refusal back from the status. Both sides use
 * this class, so the mapping lives in one place.
 */
public final class RefusalStatus {

    /** The trailer that names the refusal. */
    public static final Metadata.Key<String> TRAILER = Metadata.Key.of("a3c-refusal", Metadata.ASCII_STRING_MARSHALLER);

    private RefusalStatus() {}

    /** The status exception the server answers with. */
    public static StatusRuntimeException toException(Refusal refusal, String reason) {
        Metadata trailers = new Metadata();
        trailers.put(TRAILER, refusal.tag());
        return refusal.code().toStatus().withDescription(reason).asRuntimeException(trailers);
    }

    /**
     * The refusal a status carries: present only when the trailer names a known refusal whose code is the status's
     * code (a proxy or the transport may answer with the same codes, without the trailer).
     */
    public static Optional<Refusal> of(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        if (trailers == null) {
            return Optional.empty();
        }
        String tag = trailers.get(TRAILER);
        Status.Code code = e.getStatus().getCode();
        return tag == null ? Optional.empty() : Refusal.ofTag(tag).filter(r -> r.code() == code);
    }
}

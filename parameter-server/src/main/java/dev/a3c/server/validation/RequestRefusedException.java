package dev.a3c.server.validation;

import dev.a3c.wire.Refusal;

/** A request that was refused before it changed anything; {@link #refusal()} says why. */
public final class RequestRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Refusal refusal;

    RequestRefusedException(Refusal refusal, String detail) {
        super(detail, null, false, false); // refusals are expected: no stack trace to fill or log
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}

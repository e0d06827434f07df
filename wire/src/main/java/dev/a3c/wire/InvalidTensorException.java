package dev.a3c.wire;

/** A tensor that cannot be accepted; {@link #reason()} names why, for errors and metrics. */
public final class InvalidTensorException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why a tensor was rejected. */
    public enum Reason {
        WRONG_SIZE, WRONG_SHAPE, WRONG_DTYPE, NON_FINITE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public InvalidTensorException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

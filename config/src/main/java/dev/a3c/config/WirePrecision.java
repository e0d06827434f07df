package dev.a3c.config;

/**
 * How weights and gradients travel between the server and its workers. The server keeps and updates float32 weights
 * either way; only the copies on the wire are rounded.
 */
public enum WirePrecision {
    /** Every value as its float32 bits. */
    FLOAT32(Float.BYTES),
    /**
     * bfloat16: the upper 16 bits of each float32 (its sign, its full exponent and 7 of its 23 fraction bits), rounded
     * to nearest even; half the bytes, a relative error of at most 2^-8 a value.
     */
    BFLOAT16(2);

    private final int bytes;

    WirePrecision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes a value takes on the wire. */
    public int bytes() {
        return bytes;
    }
}

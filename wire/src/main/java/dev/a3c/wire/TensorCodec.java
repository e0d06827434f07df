package dev.a3c.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Flat float32 tensors as raw little-endian bytes: the wire format of weights and gradients.
 * Decoding never copies: it returns a {@link FloatBuffer} view over the received bytes.
 */
public final class TensorCodec {

    private TensorCodec() {}

    /** Encodes {@code source[0 .. limit)} into a new little-endian byte array. */
    public static byte[] encode(FloatBuffer source) {
        byte[] bytes = new byte[source.limit() * Float.BYTES];
        encodeInto(source, bytes);
        return bytes;
    }

    /** Encodes {@code source[0 .. limit)} into {@code target}, which must have exactly the right size. */
    public static void encodeInto(FloatBuffer source, byte[] target) {
        if (target.length != source.limit() * Float.BYTES) {
            throw new IllegalArgumentException("target has " + target.length + " bytes, need " + source.limit() * Float.BYTES);
        }
        ByteBuffer.wrap(target).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(source.duplicate().rewind());
    }

    /**
     * A float view over little-endian bytes, after checking the length and that every value is finite.
     *
     * @throws InvalidTensorException with the reason when the bytes are not {@code expectedLength} finite floats
     */
    public static FloatBuffer decodeFinite(ByteBuffer littleEndian, long expectedLength) {
        FloatBuffer floats = decode(littleEndian, expectedLength);
        int bad = firstNonFinite(floats);
        if (bad >= 0) {
            throw new InvalidTensorException(InvalidTensorException.Reason.NON_FINITE,
                    "value " + floats.get(bad) + " at index " + bad + " is not finite");
        }
        return floats;
    }

    /** A float view over little-endian bytes, after checking the length. */
    public static FloatBuffer decode(ByteBuffer littleEndian, long expectedLength) {
        int bytes = littleEndian.remaining();
        if (bytes != expectedLength * Float.BYTES) {
            throw new InvalidTensorException(InvalidTensorException.Reason.WRONG_SIZE,
                    "expected " + expectedLength + " float32 values (" + expectedLength * Float.BYTES
                            + " bytes), got " + bytes + " bytes");
        }
        return littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }

    /** The index of the first NaN or infinite value, or -1. */
    public static int firstNonFinite(FloatBuffer values) {
        for (int i = 0, n = values.limit(); i < n; i++) {
            if (!Float.isFinite(values.get(i))) {
                return i;
            }
        }
        return -1;
    }
}

package dev.a3c.wire;

import dev.a3c.config.WirePrecision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Flat float32 tensors as raw little-endian bytes: the wire format of weights and gradients, in float32 or in
 * bfloat16 ({@link WirePrecision}). Decoding float32 never copies: it returns a {@link FloatBuffer} view over the
 * received bytes; bfloat16 values are widened into a new array.
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

    /** Encodes {@code source[0 .. limit)} in {@code precision} into a new little-endian byte array. */
    public static byte[] encode(FloatBuffer source, WirePrecision precision) {
        byte[] bytes = new byte[source.limit() * precision.bytes()];
        encodeInto(source, bytes, precision);
        return bytes;
    }

    /** Encodes {@code source[0 .. limit)} in {@code precision} into {@code target}, which must have exactly the right size. */
    public static void encodeInto(FloatBuffer source, byte[] target, WirePrecision precision) {
        if (precision == WirePrecision.FLOAT32) {
            encodeInto(source, target);
            return;
        }
        int n = source.limit();
        if (target.length != n * precision.bytes()) {
            throw new IllegalArgumentException("target has " + target.length + " bytes, need " + n * precision.bytes());
        }
        for (int i = 0; i < n; i++) {
            int bits = bfloat16(source.get(i));
            target[2 * i] = (byte) bits;
            target[2 * i + 1] = (byte) (bits >>> 8);
        }
    }

    /**
     * The values of little-endian bytes in {@code precision}, after checking the length: a view over the bytes for
     * float32, a new float32 array for bfloat16.
     *
     * @throws InvalidTensorException when the bytes are not {@code expectedLength} values of that precision
     */
    public static FloatBuffer decode(ByteBuffer littleEndian, long expectedLength, WirePrecision precision) {
        if (precision == WirePrecision.FLOAT32) {
            return decode(littleEndian, expectedLength);
        }
        int bytes = littleEndian.remaining();
        if (bytes != expectedLength * precision.bytes()) {
            throw new InvalidTensorException(InvalidTensorException.Reason.WRONG_SIZE,
                    "expected " + expectedLength + " bfloat16 values (" + expectedLength * precision.bytes()
                            + " bytes), got " + bytes + " bytes");
        }
        ByteBuffer in = littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) expectedLength];
        for (int i = 0; i < values.length; i++) {
            values[i] = fromBfloat16(in.getShort(2 * i));
        }
        return FloatBuffer.wrap(values);
    }

    /**
     * The bfloat16 bits of {@code value}: its upper 16 bits, rounded to nearest, ties to even (a value beyond the
     * largest bfloat16 becomes an infinity, as in float32 arithmetic); NaN stays NaN.
     */
    public static int bfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (bits >>> 16) | 0x0040;  // a quiet NaN, whatever fraction bits the rounding would drop
        }
        return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
    }

    /** The float32 value of bfloat16 bits (exact: every bfloat16 is a float32). */
    public static float fromBfloat16(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}

package dev.a3c.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    @Test
    void encodesLittleEndian() {
        byte[] bytes = TensorCodec.encode(FloatBuffer.wrap(new float[] {1.0f}));
        // 1.0f = 0x3F800000, little-endian
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, bytes);
    }

    @Test
    void roundTrips() {
        float[] values = {1.5f, -2.25f, 0f, Float.MIN_VALUE, 3.4e38f};
        FloatBuffer decoded = TensorCodec.decodeFinite(ByteBuffer.wrap(TensorCodec.encode(FloatBuffer.wrap(values))), 5);
        float[] back = new float[5];
        decoded.get(back);
        assertArrayEquals(values, back);
    }

    @Test
    void rejectsWrongLength() {
        InvalidTensorException e = assertThrows(InvalidTensorException.class,
                () -> TensorCodec.decode(ByteBuffer.wrap(new byte[7]), 2));
        assertEquals(InvalidTensorException.Reason.WRONG_SIZE, e.reason());
    }

    @Test
    void rejectsNanAndInfinity() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            byte[] bytes = TensorCodec.encode(FloatBuffer.wrap(new float[] {1f, bad}));
            InvalidTensorException e = assertThrows(InvalidTensorException.class,
                    () -> TensorCodec.decodeFinite(ByteBuffer.wrap(bytes), 2));
            assertEquals(InvalidTensorException.Reason.NON_FINITE, e.reason());
        }
    }
}

package dev.a3c.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.WirePrecision;
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

    @Test
    void bfloat16KeepsTheUpperHalfRoundedToNearestEven() {
        // 1.0f = 0x3F800000: exact
        assertEquals(0x3F80, TensorCodec.bfloat16(1.0f));
        // -2.5f = 0xC0200000: exact
        assertEquals(0xC020, TensorCodec.bfloat16(-2.5f));
        // 1 + 2^-8 = 0x3F808000 lies halfway between 0x3F80 and 0x3F81: to the even one, down
        assertEquals(0x3F80, TensorCodec.bfloat16(Float.intBitsToFloat(0x3F808000)));
        // 1 + 3 * 2^-8 = 0x3F818000 lies halfway between 0x3F81 and 0x3F82: to the even one, up
        assertEquals(0x3F82, TensorCodec.bfloat16(Float.intBitsToFloat(0x3F818000)));
        // just above halfway rounds up, just below rounds down
        assertEquals(0x3F81, TensorCodec.bfloat16(Float.intBitsToFloat(0x3F808001)));
        assertEquals(0x3F80, TensorCodec.bfloat16(Float.intBitsToFloat(0x3F807FFF)));
        // a carry into the exponent: 0x3FFF8000 (1.99999...) rounds to 2.0 = 0x4000
        assertEquals(0x4000, TensorCodec.bfloat16(Float.intBitsToFloat(0x3FFF8000)));
        // beyond the largest bfloat16 (0x7F7F): infinity, as float32 arithmetic overflows
        assertEquals(0x7F80, TensorCodec.bfloat16(Float.MAX_VALUE));
        assertEquals(0x7F80, TensorCodec.bfloat16(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(TensorCodec.fromBfloat16(TensorCodec.bfloat16(Float.NaN))));
        // a NaN whose payload sits only in the dropped bits stays a NaN
        assertTrue(Float.isNaN(TensorCodec.fromBfloat16(TensorCodec.bfloat16(Float.intBitsToFloat(0x7F800001)))));
        assertEquals(-2.5f, TensorCodec.fromBfloat16(0xC020));
    }

    @Test
    void bfloat16VectorsAreTwoBytesAValueLittleEndian() {
        byte[] bytes = TensorCodec.encode(FloatBuffer.wrap(new float[] {1.0f, -2.5f}), WirePrecision.BFLOAT16);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x3F, 0x20, (byte) 0xC0}, bytes);
        FloatBuffer back = TensorCodec.decode(ByteBuffer.wrap(bytes), 2, WirePrecision.BFLOAT16);
        assertEquals(1.0f, back.get(0));
        assertEquals(-2.5f, back.get(1));
    }

    @Test
    void bfloat16RoundTripsWithinItsPrecision() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-8, 4)));
        }
        FloatBuffer back = TensorCodec.decode(
                ByteBuffer.wrap(TensorCodec.encode(FloatBuffer.wrap(values), WirePrecision.BFLOAT16)), values.length,
                WirePrecision.BFLOAT16);
        for (int i = 0; i < values.length; i++) {
            // 8 significant bits: rounding to nearest is off by at most half a bfloat16 unit in the last place, which
            // is 2^16 float32 units (at most 2^-8 of the value)
            assertEquals(values[i], back.get(i), Math.ulp(values[i]) * 0x1p15f, "value " + i);
        }
        // float32 passes through unchanged
        FloatBuffer exact = TensorCodec.decode(
                ByteBuffer.wrap(TensorCodec.encode(FloatBuffer.wrap(values), WirePrecision.FLOAT32)), values.length,
                WirePrecision.FLOAT32);
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], exact.get(i));
        }
    }

    @Test
    void bfloat16RefusesTheLengthOfAnotherPrecision() {
        // 2 float32 values are 8 bytes: as bfloat16 they would be 4 values, not 2
        byte[] float32 = TensorCodec.encode(FloatBuffer.wrap(new float[] {1f, 2f}));
        InvalidTensorException e = assertThrows(InvalidTensorException.class,
                () -> TensorCodec.decode(ByteBuffer.wrap(float32), 2, WirePrecision.BFLOAT16));
        assertEquals(InvalidTensorException.Reason.WRONG_SIZE, e.reason());
        assertThrows(IllegalArgumentException.class,
                () -> TensorCodec.encodeInto(FloatBuffer.wrap(new float[] {1f, 2f}), new byte[8], WirePrecision.BFLOAT16));
    }
}

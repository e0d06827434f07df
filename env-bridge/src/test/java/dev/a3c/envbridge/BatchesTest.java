package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.a3c.proto.envbridge.Batch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Observations as the bridge sends them, in each dtype it may use, and the batches no honest bridge sends. */
class BatchesTest {

    private static Batch batch(String dtype, List<Integer> shape, ByteBuffer data) {
        return Batch.newBuilder().setDtype(dtype).addAllShape(shape).setData(ByteString.copyFrom(data.flip())).build();
    }

    private static float[] read(Batch batch, int rows, int size) {
        Batches.check(batch, rows, size);
        float[] out = new float[rows * size + 1];
        Batches.read(batch, out, 1);
        return out;
    }

    @Test
    void everyDtypeBecomesFloats() {
        ByteBuffer b = ByteBuffer.allocate(4).put((byte) 0).put((byte) 7).put((byte) 200).put((byte) 255);
        assertArrayEquals(new float[] {0, 0, 7, 200, 255}, read(batch("uint8", List.of(2, 2), b), 2, 2));
        b = ByteBuffer.allocate(2).put((byte) -3).put((byte) 4);
        assertArrayEquals(new float[] {0, -3, 4}, read(batch("int8", List.of(1, 2), b), 1, 2));
        b = ByteBuffer.allocate(2).put((byte) 1).put((byte) 0);
        assertArrayEquals(new float[] {0, 1, 0}, read(batch("bool", List.of(2, 1), b), 2, 1));
        b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2.25f);
        assertArrayEquals(new float[] {0, 1.5f, -2.25f}, read(batch("float32", List.of(1, 2), b), 1, 2));
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-1e10);
        assertArrayEquals(new float[] {0, 0.1f, -1e10f}, read(batch("float64", List.of(2), b), 2, 1));
        b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).putInt(1 << 20);
        assertArrayEquals(new float[] {0, -5, 1 << 20}, read(batch("int32", List.of(1, 2), b), 1, 2));
        b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putLong(-4);
        assertArrayEquals(new float[] {0, 3, -4}, read(batch("int64", List.of(2, 1), b), 2, 1));
    }

    @Test
    void batchesOfTheWrongShapeSizeOrDtypeAreRefused() {
        ByteBuffer four = ByteBuffer.allocate(4);
        assertThrows(IllegalStateException.class, () -> Batches.check(batch("uint8", List.of(2, 2), four), 4, 1),
                "rows");
        assertThrows(IllegalStateException.class, () -> Batches.check(batch("uint8", List.of(2, 2), ByteBuffer.allocate(4)), 2, 3),
                "values per row");
        assertThrows(IllegalStateException.class, () -> Batches.check(batch("float32", List.of(2, 2), ByteBuffer.allocate(4)), 2, 2),
                "bytes for the dtype");
        assertThrows(IllegalStateException.class, () -> Batches.check(batch("complex64", List.of(1), ByteBuffer.allocate(8)), 1, 1),
                "dtype");
        assertThrows(IllegalStateException.class, () -> Batches.check(batch("uint8", List.of(), ByteBuffer.allocate(0)), 0, 1),
                "no shape");
    }
}

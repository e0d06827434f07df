package dev.a3c.envbridge;

import dev.a3c.proto.envbridge.Batch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Observations as the bridge sends them (their own dtype, little endian) read into floats. */
final class Batches {

    private Batches() {}

    /** Checks that {@code batch} holds {@code rows} observations of {@code size} values and returns its dtype's width. */
    static void check(Batch batch, int rows, int size) {
        long values = 1;
        for (int d : batch.getShapeList()) {
            values *= d;
        }
        if (batch.getShapeCount() == 0 || batch.getShape(0) != rows || values != (long) rows * size
                || batch.getData().size() != values * width(batch.getDtype())) {
            throw new IllegalStateException("the bridge sent a batch of shape " + batch.getShapeList() + " ("
                    + batch.getDtype() + ", " + batch.getData().size() + " bytes) where " + rows + " x " + size
                    + " values were expected");
        }
    }

    /** Reads all values of {@code batch} into {@code out} from {@code offset}. */
    static void read(Batch batch, float[] out, int offset) {
        ByteBuffer bytes = batch.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int n = bytes.remaining() / width(batch.getDtype());
        switch (batch.getDtype()) {
            case "uint8" -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.get(i) & 0xFF;
                }
            }
            case "int8" -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.get(i);
                }
            }
            case "bool" -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.get(i) != 0 ? 1f : 0f;
                }
            }
            case "float32" -> bytes.asFloatBuffer().get(out, offset, n);
            case "float64" -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = (float) bytes.getDouble(i * 8);
                }
            }
            case "int32" -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getInt(i * 4);
                }
            }
            case "int64" -> {
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getLong(i * 8);
                }
            }
            default -> throw new IllegalStateException("unsupported observation dtype " + batch.getDtype());
        }
    }

    static int width(String dtype) {
        return switch (dtype) {
            case "uint8", "int8", "bool" -> 1;
            case "float32", "int32" -> 4;
            case "float64", "int64" -> 8;
            default -> throw new IllegalStateException("unsupported observation dtype " + dtype);
        };
    }
}

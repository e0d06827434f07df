package dev.a3c.wire;

import com.google.protobuf.UnsafeByteOperations;
import dev.a3c.config.WirePrecision;
import dev.a3c.proto.DType;
import dev.a3c.proto.Tensor;

/** The {@link Tensor} messages both sides send: flat vectors of weights and gradients, float32 or bfloat16. */
public final class Tensors {

    private Tensors() {}

    /**
     * A float32 vector over {@code littleEndian} (as {@link TensorCodec} encodes it), wrapped without a copy: the
     * caller must not change the array while the message is in use.
     */
    public static Tensor float32Vector(byte[] littleEndian) {
        if (littleEndian.length % Float.BYTES != 0) {
            throw new IllegalArgumentException(littleEndian.length + " bytes are not a whole number of float32 values");
        }
        return Tensor.newBuilder()
                .addShape(littleEndian.length / Float.BYTES)
                .setDtype(DType.FLOAT32)
                .setData(UnsafeByteOperations.unsafeWrap(littleEndian))
                .build();
    }

    /**
     * A vector of values in {@code precision} over {@code littleEndian} (as {@link TensorCodec} encodes it), wrapped
     * without a copy: the caller must not change the array while the message is in use.
     */
    public static Tensor vector(byte[] littleEndian, WirePrecision precision) {
        if (precision == WirePrecision.FLOAT32) {
            return float32Vector(littleEndian);
        }
        if (littleEndian.length % precision.bytes() != 0) {
            throw new IllegalArgumentException(littleEndian.length + " bytes are not a whole number of " + precision
                    + " values");
        }
        return Tensor.newBuilder()
                .addShape(littleEndian.length / precision.bytes())
                .setDtype(dtype(precision))
                .setData(UnsafeByteOperations.unsafeWrap(littleEndian))
                .build();
    }

    /** The dtype of a vector in {@code precision}. */
    public static DType dtype(WirePrecision precision) {
        return switch (precision) {
            case FLOAT32 -> DType.FLOAT32;
            case BFLOAT16 -> DType.BFLOAT16;
        };
    }
}

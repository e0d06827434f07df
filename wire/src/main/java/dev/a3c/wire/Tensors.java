package dev.a3c.wire;

import com.google.protobuf.UnsafeByteOperations;
import dev.a3c.proto.DType;
import dev.a3c.proto.Tensor;

/** The {@link Tensor} messages both sides send: flat float32 vectors of weights and gradients. */
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
}

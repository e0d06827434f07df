package dev.a3c.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.a3c.proto.DType;
import dev.a3c.proto.Tensor;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorsTest {

    @Test
    void aFloat32VectorHasItsLengthAsShapeAndDecodesToTheSameValues() {
        float[] values = {1.5f, -2f, 0f, Float.MIN_VALUE};
        Tensor t = Tensors.float32Vector(TensorCodec.encode(FloatBuffer.wrap(values)));
        assertEquals(DType.FLOAT32, t.getDtype());
        assertEquals(List.of(4L), t.getShapeList());
        FloatBuffer back = TensorCodec.decode(t.getData().asReadOnlyByteBuffer(), 4);
        float[] read = new float[4];
        back.get(read);
        assertArrayEquals(values, read);
    }

    @Test
    void bytesThatAreNotWholeFloatsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tensors.float32Vector(new byte[7]));
    }
}

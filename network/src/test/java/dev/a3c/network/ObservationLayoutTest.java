package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionHead;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationLayoutTest {

    @Test
    void imagesBecomeChannelsFirstRowByRow() {
        // 2 rows x 2 columns x 2 channels; value = its index in the environment's (row, column, channel) order
        NetworkSpec spec = new NetworkSpec(List.of(2, 2, 2), new Torso.Conv(4, 1, 1, List.of(8), "relu"), 0,
                ActionHead.categorical(3), false);
        ObservationLayout layout = new ObservationLayout(spec);
        float[] twoRows = {0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17};
        // channel 0 of (0,0) (0,1) (1,0) (1,1), then channel 1 of the same cells
        assertArrayEquals(new float[] {0, 2, 4, 6, 1, 3, 5, 7, 10, 12, 14, 16, 11, 13, 15, 17},
                layout.toGraphOrder(twoRows, 2));
        assertArrayEquals(new double[] {0, 2, 4, 6, 1, 3, 5, 7},
                layout.toGraphOrder(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 99}, 1));
    }

    @Test
    void vectorsKeepTheirOrderAndOnlyTheRowsAskedForAreCopied() {
        NetworkSpec spec = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(4), "tanh"), 0, ActionHead.categorical(2),
                false);
        ObservationLayout layout = new ObservationLayout(spec);
        float[] in = {1, 2, 3, 4, 5, 6, 7};
        float[] out = layout.toGraphOrder(in, 2);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, out);
        out[0] = 42;
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7}, in, "a copy");
        assertArrayEquals(new double[] {1, 2, 3}, layout.toGraphOrder(new double[] {1, 2, 3, 4}, 1));
    }
}

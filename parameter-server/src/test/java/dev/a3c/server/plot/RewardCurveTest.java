package dev.a3c.server.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RewardCurveTest {

    @Test
    void theMovingAverageIsTrailingAndPartialAtTheStart() {
        double[] values = new double[150];
        Arrays.setAll(values, i -> i);
        double[] average = RewardCurve.movingAverage(values);
        assertEquals(0, average[0]);
        assertEquals(2, average[4], 1e-12, "mean of 0..4");
        assertEquals(49.5, average[99], 1e-12, "mean of 0..99");
        assertEquals(99.5, average[149], 1e-9, "mean of 50..149");
        assertEquals(99.5, RewardCurve.bestFullWindow(average), 1e-9);
        assertTrue(Double.isNaN(RewardCurve.bestFullWindow(RewardCurve.movingAverage(new double[99]))));
    }

    @Test
    void theEnvelopeKeepsEachBucketsExtremesInOrder() {
        double[] values = new double[10_000];
        Arrays.setAll(values, i -> Math.sin(i * 0.01));
        values[5_000] = 100;   // a spike
        values[7_777] = -100;
        int[] kept = RewardCurve.envelopeIndices(values, 1000);
        assertTrue(kept.length <= 1000);
        for (int i = 1; i < kept.length; i++) {
            assertTrue(kept[i] > kept[i - 1], "increasing");
        }
        assertTrue(Arrays.stream(kept).anyMatch(i -> i == 5_000), "the spike survives");
        assertTrue(Arrays.stream(kept).anyMatch(i -> i == 7_777), "the dip survives");
        assertArrayEquals(new int[] {0, 1, 2}, RewardCurve.envelopeIndices(new double[3], 1000), "few: all");
    }

    @Test
    void strideIndicesSpanTheWholeSeries() {
        int[] kept = RewardCurve.strideIndices(1_000_001, 2000);
        assertEquals(2000, kept.length);
        assertEquals(0, kept[0]);
        assertEquals(1_000_000, kept[1999]);
        assertArrayEquals(new int[] {0, 1}, RewardCurve.strideIndices(2, 2000));
        assertArrayEquals(new double[] {5, 7}, RewardCurve.pick(new double[] {5, 6, 7}, new int[] {0, 2}));
    }
}

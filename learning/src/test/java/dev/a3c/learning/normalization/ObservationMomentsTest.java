package dev.a3c.learning.normalization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ObservationMomentsTest {

    @Test
    void accumulatesCountMeanAndSumsOfSquaredDeviations() {
        MomentsAccumulator acc = new MomentsAccumulator(2);
        // two values per observation: (1, 10), (2, 10), (3, 10), (4, 30)
        acc.add(new float[] {1, 10, 2, 10, 3, 10, 4, 30}, 4);
        ObservationMoments m = acc.drain();
        assertEquals(4, m.count());
        assertArrayEquals(new double[] {2.5, 15}, m.mean(), 1e-12);
        // 1: 2.25 + 0.25 + 0.25 + 2.25; 2: 25 + 25 + 25 + 225
        assertArrayEquals(new double[] {5, 300}, m.m2(), 1e-9);
        assertEquals(1.25, m.variance(0), 1e-12);
        assertEquals(75, m.variance(1), 1e-9);
        assertEquals(ObservationMoments.empty(2), acc.drain(), "drain starts over");
    }

    @Test
    void mergingEqualsAccumulatingEverythingAtOnce() {
        SplittableRandom random = new SplittableRandom(7);
        int size = 3;
        float[] data = new float[1000 * size];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * (1 + i % size) + 5 * (i % size));
        }
        MomentsAccumulator whole = new MomentsAccumulator(size);
        whole.add(data, 1000);
        MomentsAccumulator first = new MomentsAccumulator(size);
        first.add(java.util.Arrays.copyOfRange(data, 0, 300 * size), 300);
        MomentsAccumulator second = new MomentsAccumulator(size);
        second.add(java.util.Arrays.copyOfRange(data, 300 * size, data.length), 700);
        ObservationMoments expected = whole.drain();
        ObservationMoments merged = first.drain().merge(second.drain());
        assertEquals(expected.count(), merged.count());
        assertArrayEquals(expected.mean(), merged.mean(), 1e-9);
        assertArrayEquals(expected.m2(), merged.m2(), 1e-6);
    }

    @Test
    void mergingWithNothingChangesNothing() {
        ObservationMoments m = new ObservationMoments(3, new double[] {1}, new double[] {2});
        assertSame(m, m.merge(ObservationMoments.empty(1)));
        assertSame(m, ObservationMoments.empty(1).merge(m));
    }

    @Test
    void refusesWhatNoObservationsCouldHave() {
        assertThrows(IllegalArgumentException.class, () -> new ObservationMoments(2, new double[] {0}, new double[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> new ObservationMoments(2, new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new ObservationMoments(2, new double[] {0, 1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new ObservationMoments(0, new double[] {1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new ObservationMoments(-1, new double[] {0}, new double[] {0}));
        ObservationMoments m = ObservationMoments.empty(2);
        assertThrows(IllegalArgumentException.class, () -> m.merge(ObservationMoments.empty(3)));
    }

    @Test
    void standardizesByMeanAndStandardDeviationAndClips() {
        ObservationMoments m = new ObservationMoments(4, new double[] {2.5, 15}, new double[] {5, 300});
        ObservationStandardizer s = new ObservationStandardizer(m);
        float[] out = s.standardized(new float[] {5, 15, 2.5f, 1e6f});
        // (5 - 2.5) / sqrt(1.25); (15 - 15) / sqrt(75); 0; (1e6 - 15) / sqrt(75) clipped to 10
        assertArrayEquals(new float[] {2.236068f, 0, 0, 10}, out, 1e-5f);
        assertArrayEquals(new float[] {-10, -10}, s.standardized(new float[] {-1e6f, -1e6f}), 0f);
    }

    @Test
    void withoutObservationsValuesPassUnchanged() {
        ObservationStandardizer s = new ObservationStandardizer(ObservationMoments.empty(2));
        assertArrayEquals(new float[] {3, -400}, s.standardized(new float[] {3, -400}), 0f);
    }

    @Test
    void aConstantValueStandardizesToZero() {
        MomentsAccumulator acc = new MomentsAccumulator(1);
        acc.add(new float[] {1, 1, 1}, 3);
        ObservationStandardizer s = new ObservationStandardizer(acc.drain());
        assertArrayEquals(new float[] {0, 10}, s.standardized(new float[] {1, 2}), 0f);
    }
}

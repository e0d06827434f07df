package dev.a3c.server.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DownsampledSeriesTest {

    /** Points are [first sample, last sample, count] so merges are easy to check. */
    private static DownsampledSeries<long[]> series(int capacity) {
        return new DownsampledSeries<>(capacity, (a, b) -> new long[] {a[0], b[1], a[2] + b[2]});
    }

    private static long[] sample(long i) {
        return new long[] {i, i, 1};
    }

    private static String show(List<long[]> points) {
        StringBuilder s = new StringBuilder();
        for (long[] p : points) {
            s.append(p[0]).append('-').append(p[1]).append(' ');
        }
        return s.toString().trim();
    }

    @Test
    void keepsEverySampleUntilFull() {
        DownsampledSeries<long[]> s = series(4);
        for (int i = 1; i <= 3; i++) {
            s.add(sample(i));
        }
        assertEquals("1-1 2-2 3-3", show(s.snapshot()));
        assertEquals(1, s.stride());
    }

    @Test
    void mergesNeighboursPairwiseWhenFullAndKeepsTheNewestVisible() {
        DownsampledSeries<long[]> s = series(4);
        for (int i = 1; i <= 4; i++) {
            s.add(sample(i));
        }
        assertEquals("1-2 3-4", show(s.snapshot()));
        assertEquals(2, s.stride());
        s.add(sample(5));
        assertEquals("1-2 3-4 5-5", show(s.snapshot()), "a pending half-filled point is shown");
        s.add(sample(6));
        assertEquals("1-2 3-4 5-6", show(s.snapshot()));
        s.add(sample(7));
        s.add(sample(8));
        assertEquals("1-4 5-8", show(s.snapshot()));
        assertEquals(4, s.stride());
        assertEquals(8, s.samples());
    }

    @Test
    void aLongRunStaysBoundedCoversEverythingAndEveryFullPointHasTheSameWeight() {
        DownsampledSeries<long[]> s = series(100);
        long n = 123_457;
        for (long i = 1; i <= n; i++) {
            s.add(sample(i));
            if (i % 9_999 == 0) {
                int size = s.snapshot().size();
                assertTrue(size >= 50 && size <= 101, "between half the capacity and all of it, plus a pending point: " + size);
            }
        }
        List<long[]> points = s.snapshot();
        assertEquals(1, points.get(0)[0], "starts at the first sample");
        assertEquals(n, points.get(points.size() - 1)[1], "ends at the newest");
        long total = 0;
        long expectedNext = 1;
        for (int i = 0; i < points.size(); i++) {
            long[] p = points.get(i);
            assertEquals(expectedNext, p[0], "contiguous");
            expectedNext = p[1] + 1;
            total += p[2];
            if (i < points.size() - 1) {
                assertEquals(s.stride(), p[2], "each full point stands for one stride of samples");
            }
        }
        assertEquals(n, total, "no sample lost or counted twice");
    }

    @Test
    void capacityMustBeEvenAndAtLeastTwo() {
        assertThrows(IllegalArgumentException.class, () -> series(0));
        assertThrows(IllegalArgumentException.class, () -> series(3));
        assertEquals(1, series(2).stride());
    }
}

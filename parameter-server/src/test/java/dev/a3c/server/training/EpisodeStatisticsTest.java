package dev.a3c.server.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpisodeStatisticsTest {

    @Test
    void emptyHasNoAverage() {
        EpisodeStatistics s = new EpisodeStatistics();
        assertEquals(0, s.episodes());
        assertNull(s.average());
        assertNull(s.bestAverage());
        assertFalse(s.reached(-1e9));
        assertEquals(List.of(), s.recent());
    }

    @Test
    void averageCoversAllEpisodesUntilTheWindowIsFull() {
        EpisodeStatistics s = new EpisodeStatistics();
        s.record(10);
        s.record(20);
        s.record(60);
        assertEquals(3, s.episodes());
        assertEquals(30.0, s.average());
        assertNull(s.bestAverage(), "no best average before 100 episodes");
        assertFalse(s.reached(0), "target needs 100 episodes");
    }

    @Test
    void movingAverageOverTheLast100() {
        EpisodeStatistics s = new EpisodeStatistics();
        for (int i = 1; i <= 100; i++) {
            s.record(i);
        }
        assertEquals(50.5, s.average(), 1e-12);
        assertEquals(50.5, s.bestAverage(), 1e-12);
        assertTrue(s.reached(50.5));
        assertFalse(s.reached(50.6));

        s.record(201); // drops 1: average = (5050 - 1 + 201) / 100
        assertEquals(101, s.episodes());
        assertEquals(52.5, s.average(), 1e-12);
        assertEquals(52.5, s.bestAverage(), 1e-12);
        assertEquals(100, s.recent().size());
        assertEquals(2.0, s.recent().get(0));
        assertEquals(201.0, s.recent().get(99));

        for (int i = 0; i < 100; i++) {
            s.record(0);
        }
        assertEquals(0.0, s.average(), 1e-12);
        assertEquals(52.5, s.bestAverage(), 1e-12, "best average never decreases");
        assertFalse(s.reached(1));
        assertEquals(201, s.episodes());
    }

    @Test
    void bestAverageIsTheMaximumOfFullWindows() {
        EpisodeStatistics s = new EpisodeStatistics();
        List<Double> returns = new ArrayList<>();
        IntStream.range(0, 300).forEach(i -> returns.add(100 * Math.sin(i / 20.0)));
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < returns.size(); i++) {
            s.record(returns.get(i));
            if (i >= 99) {
                double sum = 0;
                for (int j = i - 99; j <= i; j++) {
                    sum += returns.get(j);
                }
                best = Math.max(best, sum / 100);
                assertEquals(sum / 100, s.average(), 1e-9);
            }
        }
        assertEquals(best, s.bestAverage(), 1e-9);
    }

    @Test
    void restoresFromSavedState() {
        EpisodeStatistics original = new EpisodeStatistics();
        for (int i = 0; i < 250; i++) {
            original.record(i % 37);
        }
        EpisodeStatistics restored = new EpisodeStatistics(original.episodes(), original.recent(), original.bestAverage());
        assertEquals(250, restored.episodes());
        assertEquals(original.average(), restored.average(), 1e-9);
        assertEquals(original.bestAverage(), restored.bestAverage());
        assertEquals(original.recent(), restored.recent());

        // both continue identically
        for (int i = 0; i < 30; i++) {
            original.record(1000);
            restored.record(1000);
        }
        assertEquals(original.average(), restored.average(), 1e-9);
        assertEquals(original.bestAverage(), restored.bestAverage(), 1e-9);
        assertEquals(280, restored.episodes());
    }

    @Test
    void restoresAPartialWindow() {
        EpisodeStatistics restored = new EpisodeStatistics(3, List.of(1.0, 2.0, 3.0), null);
        assertEquals(3, restored.episodes());
        assertEquals(2.0, restored.average());
        assertNull(restored.bestAverage());
        for (int i = 0; i < 97; i++) {
            restored.record(2.0);
        }
        assertEquals(100, restored.episodes());
        assertEquals(2.0, restored.bestAverage(), 1e-12);
        assertTrue(restored.reached(2.0));
    }

    @Test
    void restoringMoreThan100ReturnsKeepsTheNewest() {
        List<Double> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add((double) i);
        }
        EpisodeStatistics restored = new EpisodeStatistics(150, many, 99.5);
        assertEquals(100, restored.recent().size());
        assertEquals(50.0, restored.recent().get(0));
        assertEquals(99.5, restored.average(), 1e-12);
    }
}

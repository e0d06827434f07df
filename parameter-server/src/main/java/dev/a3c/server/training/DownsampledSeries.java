package dev.a3c.server.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * A series of samples in bounded memory, however long the run: each stored point stands for the
 * same number of consecutive samples (the stride). When the buffer is full, neighbouring points are
 * merged pairwise and the stride doubles, so the series always covers the whole run, with between
 * half and all of {@code capacity} points. Samples arriving after a halving are merged into a
 * pending point until it covers a full stride; a snapshot includes it, so the newest sample is
 * always visible. Not thread-safe.
 *
 * @param <T> a point; {@code merge(earlier, later)} combines two neighbouring points into one
 */
final class DownsampledSeries<T> {

    private final int capacity;
    private final BinaryOperator<T> merge;
    private final List<T> points;
    private long stride = 1;
    private T pending;
    private long pendingCount;
    private long samples;

    DownsampledSeries(int capacity, BinaryOperator<T> merge) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be even and at least 2, got " + capacity);
        }
        this.capacity = capacity;
        this.merge = Objects.requireNonNull(merge);
        this.points = new ArrayList<>(capacity);
    }

    void add(T sample) {
        Objects.requireNonNull(sample);
        samples++;
        pending = pending == null ? sample : merge.apply(pending, sample);
        if (++pendingCount < stride) {
            return;
        }
        points.add(pending);
        pending = null;
        pendingCount = 0;
        if (points.size() == capacity) {
            for (int i = 0; i < capacity / 2; i++) {
                points.set(i, merge.apply(points.get(2 * i), points.get(2 * i + 1)));
            }
            points.subList(capacity / 2, capacity).clear();
            stride *= 2;
        }
    }

    /** The points, oldest first, the pending partial point last. */
    List<T> snapshot() {
        List<T> copy = new ArrayList<>(points.size() + 1);
        copy.addAll(points);
        if (pending != null) {
            copy.add(pending);
        }
        return copy;
    }

    /** How many samples each full point stands for. */
    long stride() {
        return stride;
    }

    /** How many samples were added in all. */
    long samples() {
        return samples;
    }
}

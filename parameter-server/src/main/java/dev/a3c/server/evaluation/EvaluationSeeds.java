package dev.a3c.server.evaluation;

import java.util.SplittableRandom;

/**
 * The seeds of the evaluator's episodes: a stream of its own, derived from the run's seed with a
 * salt no worker uses (workers seed from {@code seed + rank}), so that evaluation plays fresh
 * episodes, never a training worker's.
 */
final class EvaluationSeeds {

    /** The fractional digits of sqrt(2) (SHA-2's first constant): a salt, nothing more. */
    private static final long SALT = 0x6A09E667F3BCC908L;

    private EvaluationSeeds() {}

    /** The seed of the first episode of evaluation {@code index} of a run seeded with {@code runSeed}. */
    static long of(long runSeed, long index) {
        SplittableRandom stream = new SplittableRandom(runSeed ^ SALT);
        long mixed = stream.nextLong();
        return new SplittableRandom(mixed + index * 0x9E3779B97F4A7C15L).nextLong();
    }
}

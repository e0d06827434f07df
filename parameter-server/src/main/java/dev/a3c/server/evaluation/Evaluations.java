package dev.a3c.server.evaluation;

import java.util.List;

/** The run's latest and best evaluations (best: the highest mean, the earliest of equals). Thread-safe. */
public final class Evaluations {

    private Evaluation latest;
    private Evaluation best;
    private long count;

    public Evaluations() {}

    /** The state after these evaluations, in order (a resumed run's {@code evaluations.csv}). */
    public Evaluations(List<Evaluation> earlier) {
        earlier.forEach(this::record);
    }

    /** Records an evaluation; true when it is the best so far. */
    public synchronized boolean record(Evaluation evaluation) {
        latest = evaluation;
        count = Math.max(count, evaluation.index() + 1);
        if (best == null || evaluation.mean() > best.mean()) {
            best = evaluation;
            return true;
        }
        return false;
    }

    public synchronized Evaluation latest() {
        return latest;
    }

    public synchronized Evaluation best() {
        return best;
    }

    /** The index the next evaluation gets. */
    public synchronized long next() {
        return count;
    }
}

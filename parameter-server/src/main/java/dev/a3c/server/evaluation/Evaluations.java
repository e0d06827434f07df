package dev.a3c.server.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's latest and best evaluations (best: the highest mean, the earliest of equals). An evaluation confirmed on a
 * second set of fresh episodes counts as one, {@linkplain Evaluation#pooled pooled}. Thread-safe.
 */
public final class Evaluations {

    private Evaluation latest;
    private Evaluation best;
    private long count;

    public Evaluations() {}

    /** The state after these evaluations, in order (a resumed run's {@code evaluations.csv}). */
    public Evaluations(List<Evaluation> earlier) {
        pooled(earlier).forEach(this::record);
    }

    /** Rows of {@code evaluations.csv} with each confirmation (a row of the same version as the row before) pooled. */
    public static List<Evaluation> pooled(List<Evaluation> rows) {
        List<Evaluation> out = new ArrayList<>(rows.size());
        for (Evaluation row : rows) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).version() == row.version()) {
                out.set(last, Evaluation.pooled(out.get(last), row));
            } else {
                out.add(row);
            }
        }
        return out;
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

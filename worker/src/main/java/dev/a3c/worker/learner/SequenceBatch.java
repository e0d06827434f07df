package dev.a3c.worker.learner;

import dev.a3c.network.LstmState;
import java.util.ArrayList;
import java.util.List;

/**
 * A rollout cut into sequences for a recurrent network: each environment's T steps are split where
 * an episode ended, because the LSTM state is reset there. A sequence starts from the rollout's
 * carried state (its first piece) or from zero (a piece that starts a new episode), and gets one
 * extra step after its transitions whose value the returns need: the bootstrap observation of an
 * unfinished piece or the final observation of a truncated episode. Every sequence is
 * {@code T + 1} steps long, padded with zeros; the loss reads only the transitions' rows.
 */
final class SequenceBatch {

    /** The observations, sequence-major: {@code sequences * steps * observationSize}. */
    final float[] observations;
    final int sequences;
    final int steps;
    final LstmState initialState;
    /** Transition {@code t * K + k}: its row ({@code sequence * steps + step}). */
    final int[] transitionRows;
    /** Per environment: the row holding its bootstrap observation, or -1 when its last step ended an episode. */
    final int[] bootstrapRows;
    /** Per transition: the row holding the final observation of a truncated episode, or -1. */
    final int[] truncationRows;

    private record Piece(int env, int start, int end) {}   // steps start..end inclusive

    SequenceBatch(Rollout rollout, int lstmSize) {
        int t = rollout.steps;
        int k = rollout.envs;
        int obsSize = rollout.observationSize;
        List<Piece> pieces = new ArrayList<>();
        for (int e = 0; e < k; e++) {
            int start = 0;
            for (int step = 0; step < t; step++) {
                if (rollout.done(step * k + e) || step == t - 1) {
                    pieces.add(new Piece(e, start, step));
                    start = step + 1;
                }
            }
        }
        this.sequences = pieces.size();
        this.steps = t + 1;
        this.observations = new float[sequences * steps * obsSize];
        this.initialState = LstmState.zeros(sequences, lstmSize);
        this.transitionRows = new int[t * k];
        this.bootstrapRows = new int[k];
        this.truncationRows = new int[t * k];
        java.util.Arrays.fill(bootstrapRows, -1);
        java.util.Arrays.fill(truncationRows, -1);
        for (int s = 0; s < sequences; s++) {
            Piece piece = pieces.get(s);
            if (piece.start() == 0 && rollout.initialState != null) {
                initialState.copyRow(rollout.initialState, piece.env(), s);
            }
            int row = s * steps;
            for (int step = piece.start(); step <= piece.end(); step++, row++) {
                int index = step * k + piece.env();
                System.arraycopy(rollout.observations, index * obsSize, observations, row * obsSize, obsSize);
                transitionRows[index] = row;
            }
            int last = piece.end() * k + piece.env();
            if (rollout.truncated[last]) {
                System.arraycopy(rollout.truncatedObservation(last), 0, observations, row * obsSize, obsSize);
                truncationRows[last] = row;
            } else if (!rollout.terminated[last]) {
                System.arraycopy(rollout.bootstrapObservations, piece.env() * obsSize, observations, row * obsSize, obsSize);
                bootstrapRows[piece.env()] = row;
            }
        }
    }

    int rows() {
        return sequences * steps;
    }
}

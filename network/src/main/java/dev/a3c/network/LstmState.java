package dev.a3c.network;

import java.util.Arrays;

/**
 * The hidden and cell state of an LSTM core for a batch of {@code rows} independent sequences
 * (one per environment), row-major {@code rows x size}.
 */
public record LstmState(int rows, int size, float[] hidden, float[] cell) {

    public LstmState {
        if (rows < 1 || size < 1 || hidden.length != rows * size || cell.length != rows * size) {
            throw new IllegalArgumentException("LSTM state arrays must be rows x size");
        }
    }

    /** A zero state. */
    public static LstmState zeros(int rows, int size) {
        return new LstmState(rows, size, new float[rows * size], new float[rows * size]);
    }

    /** Zeroes one row: its sequence starts afresh (a new episode). */
    public void reset(int row) {
        Arrays.fill(hidden, row * size, (row + 1) * size, 0f);
        Arrays.fill(cell, row * size, (row + 1) * size, 0f);
    }

    /** A deep copy. */
    public LstmState copy() {
        return new LstmState(rows, size, hidden.clone(), cell.clone());
    }

    /** Copies row {@code from} of {@code source} into row {@code to} of this state. */
    public void copyRow(LstmState source, int from, int to) {
        System.arraycopy(source.hidden, from * size, hidden, to * size, size);
        System.arraycopy(source.cell, from * size, cell, to * size, size);
    }
}

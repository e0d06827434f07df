package dev.a3c.env;

/** Where observation normalisation maps a value with finite bounds {@code [low, high]}. */
public enum ObservationRange {
    /** {@code [-1, 1]}: {@code 2 (x - low) / (high - low) - 1}, the middle of the box at 0. */
    SYMMETRIC,
    /** {@code [0, 1]}: {@code (x - low) / (high - low)}, the low bound at 0; pixels divided by 255, as the DQN and A3C papers. */
    UNIT
}

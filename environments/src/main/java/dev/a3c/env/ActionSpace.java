package dev.a3c.env;

import java.util.List;

/** An environment's actions: {@link Discrete} choices or a continuous {@link Box}. */
public sealed interface ActionSpace permits ActionSpace.Discrete, ActionSpace.Box {

    /** The number of numbers that describe one action: 1 for a discrete choice, the dimension of a box. */
    int size();

    /** Actions {@code 0 .. n-1}. */
    record Discrete(int n) implements ActionSpace {
        public Discrete {
            if (n < 1) {
                throw new IllegalArgumentException("a discrete action space needs n >= 1, got " + n);
            }
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** Real vectors with {@code low[i] <= a[i] <= high[i]}. */
    record Box(List<Double> low, List<Double> high) implements ActionSpace {
        public Box {
            low = List.copyOf(low);
            high = List.copyOf(high);
            if (low.isEmpty() || low.size() != high.size()) {
                throw new IllegalArgumentException("box bounds must be non-empty and of equal length");
            }
            for (int i = 0; i < low.size(); i++) {
                if (!(low.get(i) <= high.get(i))) {
                    throw new IllegalArgumentException("box bound " + i + ": low " + low.get(i) + " > high " + high.get(i));
                }
            }
        }

        /** A box of {@code dimension} with the same bounds on every axis. */
        public static Box uniform(int dimension, double low, double high) {
            return new Box(java.util.Collections.nCopies(dimension, low), java.util.Collections.nCopies(dimension, high));
        }

        @Override
        public int size() {
            return low.size();
        }

        /**
         * A policy's action in the unit box [-1, 1]^d (read at {@code offset}), clipped to it and mapped
         * affinely onto this box: -1 to {@code low}, 1 to {@code high}; as a new array.
         */
        public float[] fromUnit(float[] values, int offset) {
            float[] action = new float[low.size()];
            for (int i = 0; i < action.length; i++) {
                double u = Math.min(1.0, Math.max(-1.0, values[offset + i]));
                action[i] = (float) (low.get(i) + (u + 1) / 2 * (high.get(i) - low.get(i)));
            }
            return action;
        }

        /** {@code action} clipped into the box, as a new array. */
        public float[] clip(float[] action) {
            if (action.length != low.size()) {
                throw new IllegalArgumentException("action has " + action.length + " values, the box " + low.size());
            }
            return clip(action, 0);
        }

        /** The {@link #size()} values at {@code offset} of {@code values}, clipped into the box, as a new array. */
        public float[] clip(float[] values, int offset) {
            float[] clipped = new float[low.size()];
            for (int i = 0; i < clipped.length; i++) {
                clipped[i] = (float) Math.min(high.get(i), Math.max(low.get(i), values[offset + i]));
            }
            return clipped;
        }
    }
}

package dev.a3c.common.nn;

/**
 * The policy's distribution family and size.
 *
 * <ul>
 *   <li>{@link Kind#CATEGORICAL}: a softmax over {@code size} actions; the network outputs {@code size} logits.</li>
 *   <li>{@link Kind#GAUSSIAN}: a diagonal Gaussian over a {@code size}-dimensional action in the unit box
 *       [-1, 1]^size (mapped onto the environment's box when sent); the network outputs {@code size} means from the
 *       torso, bounded to (-1, 1) by a tanh, and {@code size} log standard deviations that are learned
 *       parameters, independent of the observation.</li>
 * </ul>
 */
public record ActionHead(Kind kind, int size) {

    public enum Kind { CATEGORICAL, GAUSSIAN }

    public ActionHead {
        if (kind == null || size < 1) {
            throw new IllegalArgumentException("an action head needs a kind and size >= 1, got " + kind + " " + size);
        }
    }

    public static ActionHead categorical(int actions) {
        return new ActionHead(Kind.CATEGORICAL, actions);
    }

    public static ActionHead gaussian(int dimension) {
        return new ActionHead(Kind.GAUSSIAN, dimension);
    }

    public boolean isGaussian() {
        return kind == Kind.GAUSSIAN;
    }

    /** Values per row of the policy output: the logits, or the means followed by the log standard deviations. */
    public int outputWidth() {
        return isGaussian() ? 2 * size : size;
    }

    /** Numbers that describe one action: 1 (an index) or the dimension of the action vector. */
    public int actionWidth() {
        return isGaussian() ? size : 1;
    }

    String canonical() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + size + ")";
    }
}

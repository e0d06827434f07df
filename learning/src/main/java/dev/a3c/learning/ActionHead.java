package dev.a3c.learning;

/**
 * The policy's distribution family and size.
 *
 * <ul>
 *   <li>{@link Kind#CATEGORICAL}: a softmax over {@code size} actions; the network outputs {@code size} logits.</li>
 *   <li>{@link Kind#GAUSSIAN}: a diagonal Gaussian over a {@code size}-dimensional action in the unit box
 *       [-1, 1]^size (mapped onto the environment's box when sent); the network outputs {@code size} means from the
 *       torso, bounded to (-1, 1) by a tanh, and {@code size} log standard deviations: learned parameters,
 *       independent of the observation, or with {@code stateDependentStd} a linear layer on the features
 *       (its bias starting at the initial log standard deviation), so the policy can be precise in some
 *       states and explore in others.</li>
 * </ul>
 */
public record ActionHead(Kind kind, int size, boolean stateDependentStd) {

    public enum Kind { CATEGORICAL, GAUSSIAN }

    public ActionHead {
        if (kind == null || size < 1) {
            throw new IllegalArgumentException("an action head needs a kind and size >= 1, got " + kind + " " + size);
        }
        if (stateDependentStd && kind != Kind.GAUSSIAN) {
            throw new IllegalArgumentException("only a Gaussian head has standard deviations to make state-dependent");
        }
    }

    public ActionHead(Kind kind, int size) {
        this(kind, size, false);
    }

    public static ActionHead categorical(int actions) {
        return new ActionHead(Kind.CATEGORICAL, actions);
    }

    /** A Gaussian whose log standard deviations are parameters, the same in every state. */
    public static ActionHead gaussian(int dimension) {
        return new ActionHead(Kind.GAUSSIAN, dimension);
    }

    /** A Gaussian whose log standard deviations are a linear function of the features. */
    public static ActionHead stateDependentGaussian(int dimension) {
        return new ActionHead(Kind.GAUSSIAN, dimension, true);
    }

    /** Parameters of the head on {@code features} inputs: the means' (or logits') layer and the log standard deviations. */
    public long parameterCount(int features) {
        long count = (long) features * size + size;
        if (isGaussian()) {
            count += stateDependentStd ? (long) features * size + size : size;
        }
        return count;
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

    public String canonical() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "(" + size + (stateDependentStd ? ";state-std" : "") + ")";
    }
}

package dev.a3c.env;

/**
 * The smallest and largest reward one step of an environment can give (Gymnasium's
 * {@code reward_range}): a fact of its rules, infinite where they set no bound. The parameter
 * server bounds reported episode returns by {@code length * low .. length * high}.
 */
public record RewardRange(double low, double high) {

    public static final RewardRange UNBOUNDED = new RewardRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public RewardRange {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high || low == Double.POSITIVE_INFINITY
                || high == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("invalid reward range [" + low + ", " + high + "]");
        }
    }

    /** The lowest return an episode of {@code length >= 1} steps can have ({@code -inf} when unbounded). */
    public double lowestReturn(int length) {
        return low * length;
    }

    /** The highest return an episode of {@code length >= 1} steps can have ({@code +inf} when unbounded). */
    public double highestReturn(int length) {
        return high * length;
    }
}

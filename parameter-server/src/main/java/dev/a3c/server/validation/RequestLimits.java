package dev.a3c.server.validation;

import dev.a3c.config.TrainingConfig;
import dev.a3c.config.WirePrecision;
import dev.a3c.env.RewardRange;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What an honest worker configured by this server can send, in one place: bounds derived from the
 * training configuration where the server knows them, fixed limits where it does not. The README's
 * "Limits and refusals" section lists every one of them.
 *
 * @param envStepsPerPush K environments x t_max steps: what one rollout covers, the most one push may report
 * @param maxEpisodeLength the environment's time limit: no finished episode is longer
 * @param rewardRange the bounds of one step's reward: a return of an episode of length L lies in
 *                    {@code [L * low, L * high]} (within {@link #RETURN_TOLERANCE}), and within {@link #RETURN_LIMIT}
 * @param maxGradientNorm the largest global L2 norm of a gradient: the workers' clipping bound times
 *                        {@code 1 + }{@link #GRADIENT_NORM_TOLERANCE}, or {@link #UNCLIPPED_GRADIENT_NORM_LIMIT} when
 *                        clipping is off
 * @param maxWorkers how many workers may be registered (not left, not expired) at once
 * @param maxInactiveWorkers how many left or expired workers are kept for {@code /status}; the oldest go first
 * @param inactiveRetention how long a left or expired worker is kept for {@code /status}
 * @param gradientPrecision the precision in which the run's workers send gradients ({@code --wire-precision})
 */
public record RequestLimits(int envStepsPerPush, int maxEpisodeLength, RewardRange rewardRange, double maxGradientNorm,
                            int maxWorkers, int maxInactiveWorkers, Duration inactiveRetention,
                            WirePrecision gradientPrecision) {

    /** Host names: at most a DNS name's 253 characters. */
    public static final int MAX_HOST_LENGTH = 253;
    /** Host names and addresses: letters, digits and {@code . - _ : %} (DNS names, IPv4 and IPv6 with a zone). */
    public static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]{1," + MAX_HOST_LENGTH + "}");
    public static final int MAX_PROGRAM_VERSION_LENGTH = 64;
    /** Program versions: letters, digits and {@code . - _ +} ({@code 0.1.0-SNAPSHOT}, {@code dev}). */
    public static final Pattern PROGRAM_VERSION = Pattern.compile("[A-Za-z0-9._+-]{1," + MAX_PROGRAM_VERSION_LENGTH + "}");
    /** Process ids: 1 .. 2^32 - 1 covers Linux (at most 2^22), macOS and Windows (a 32-bit DWORD). */
    public static final long MAX_PID = 0xFFFF_FFFFL;
    /** Cores a worker may report. */
    public static final int MAX_CORES = 4096;
    /**
     * Relative slack on the clipping bound: a worker's clipped gradient has norm
     * {@code maxNorm * norm / (norm + 1e-6)} up to float32 rounding (about 1e-7), far inside 1e-3.
     */
    public static final double GRADIENT_NORM_TOLERANCE = 1e-3;
    /**
     * The gradient norm limit when the workers do not clip ({@code --max-grad-norm 0}): large enough for any
     * honest gradient of a run that has not diverged, small enough that RMSProp's and Adam's float32 state
     * (gradients squared) stays far from overflow.
     */
    public static final double UNCLIPPED_GRADIENT_NORM_LIMIT = 1e6;
    /**
     * The largest episode return accepted whatever the environment: 100 of them sum exactly enough in a
     * double, so the 100-episode average stays finite and meaningful.
     */
    public static final double RETURN_LIMIT = 1e9;
    /** Relative slack on the return bounds, for the rounding of a sum of rewards in double precision. */
    public static final double RETURN_TOLERANCE = 1e-9;
    /**
     * The largest mean, and the largest standard deviation, a push's observation moments may report for a value:
     * observations have no declared bounds to check against (LunarLander's lander can fly above its space's bounds),
     * so this only keeps a worker from moving the run's moments further than observations of this size could.
     */
    public static final double OBSERVATION_LIMIT = 1e9;
    public static final int DEFAULT_MAX_WORKERS = 1024;
    public static final int DEFAULT_MAX_INACTIVE_WORKERS = 256;
    public static final Duration DEFAULT_INACTIVE_RETENTION = Duration.ofHours(1);

    public RequestLimits {
        if (envStepsPerPush < 1 || maxEpisodeLength < 1 || rewardRange == null || !(maxGradientNorm > 0)
                || maxWorkers < 1 || maxInactiveWorkers < 0 || inactiveRetention == null || inactiveRetention.isNegative()) {
            throw new IllegalArgumentException("invalid request limits");
        }
    }

    /** The limits of a run with this configuration, with the default registry limits. */
    public static RequestLimits of(TrainingConfig config) {
        return of(config, DEFAULT_MAX_WORKERS, DEFAULT_MAX_INACTIVE_WORKERS, DEFAULT_INACTIVE_RETENTION);
    }

    public static RequestLimits of(TrainingConfig config, int maxWorkers, int maxInactiveWorkers, Duration retention) {
        double norm = config.algorithm().maxGradNorm() > 0
                ? config.algorithm().maxGradNorm() * (1 + GRADIENT_NORM_TOLERANCE)
                : UNCLIPPED_GRADIENT_NORM_LIMIT;
        return new RequestLimits(Math.multiplyExact(config.algorithm().envsPerWorker(), config.algorithm().rolloutSteps()),
                config.environmentSpec().maxEpisodeSteps(), config.environmentSpec().rewardRange(), norm, maxWorkers,
                maxInactiveWorkers, retention, config.algorithm().wirePrecision());
    }

    /** The same limits with another registry size (tests use small ones). */
    public RequestLimits withWorkers(int max, int maxInactive, Duration retention) {
        return new RequestLimits(envStepsPerPush, maxEpisodeLength, rewardRange, maxGradientNorm, max, maxInactive,
                retention, gradientPrecision);
    }

    /** The lowest return an honest episode of {@code length} steps can report. */
    public double lowestReturn(int length) {
        double bound = rewardRange.lowestReturn(length);
        return Math.max(-RETURN_LIMIT, bound - RETURN_TOLERANCE * Math.max(1, Math.abs(bound)));
    }

    /** The highest return an honest episode of {@code length} steps can report. */
    public double highestReturn(int length) {
        double bound = rewardRange.highestReturn(length);
        return Math.min(RETURN_LIMIT, bound + RETURN_TOLERANCE * Math.max(1, Math.abs(bound)));
    }

    /** One line for the server's start-up log. */
    public String describe() {
        return String.format("env steps per push <= %d, episode length <= %d, reward per step in [%s, %s], "
                        + "|return| <= %.0e, gradient norm <= %s, workers <= %d (+%d left or expired kept for %s)",
                envStepsPerPush, maxEpisodeLength, rewardRange.low(), rewardRange.high(), RETURN_LIMIT, maxGradientNorm,
                maxWorkers, maxInactiveWorkers, inactiveRetention);
    }
}

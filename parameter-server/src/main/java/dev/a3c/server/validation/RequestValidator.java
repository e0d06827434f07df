package dev.a3c.server.validation;

import dev.a3c.learning.GradientClipping;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.training.WorkerRegistry;
import dev.a3c.wire.InvalidTensorException;
import dev.a3c.wire.Refusal;
import dev.a3c.wire.TensorCodec;
import java.nio.FloatBuffer;

/**
 * Checks every field of every request against {@link RequestLimits} before anything changes: a
 * request an honest worker could not send is refused with a {@link RequestRefusedException} naming
 * the field. The checks that need no state run outside any lock ({@link #checkRegistration},
 * {@link #checkPushContent}); those against a worker's own history run under the session's push
 * lock ({@link #checkPushAgainst}); {@link #checkPull} needs none, since versions only grow.
 */
public final class RequestValidator {

    private final RequestLimits limits;
    private final int parameterCount;

    public RequestValidator(RequestLimits limits, int parameterCount) {
        this.limits = limits;
        this.parameterCount = parameterCount;
    }

    public RequestLimits limits() {
        return limits;
    }

    public void checkRegistration(String host, long pid, int cores, String programVersion) {
        if (host == null || !RequestLimits.HOST.matcher(host).matches()) {
            throw refuse(Refusal.HOST, "host must be 1-" + RequestLimits.MAX_HOST_LENGTH
                    + " characters of [A-Za-z0-9._:%-], got " + ClientText.quote(host));
        }
        if (pid < 1 || pid > RequestLimits.MAX_PID) {
            throw refuse(Refusal.PID, "pid must be in [1, " + RequestLimits.MAX_PID + "], got " + pid);
        }
        if (cores < 1 || cores > RequestLimits.MAX_CORES) {
            throw refuse(Refusal.CORES, "cores must be in [1, " + RequestLimits.MAX_CORES + "], got " + cores);
        }
        if (programVersion == null || !RequestLimits.PROGRAM_VERSION.matcher(programVersion).matches()) {
            throw refuse(Refusal.PROGRAM_VERSION, "program version must be 1-" + RequestLimits.MAX_PROGRAM_VERSION_LENGTH
                    + " characters of [A-Za-z0-9._+-], got " + ClientText.quote(programVersion));
        }
    }

    /**
     * Checks what a push says about itself (steps, episodes, the gradient's size, values and norm) and
     * returns the gradient as a view over the received bytes.
     */
    public FloatBuffer checkPushContent(TrainingSession.Push push) {
        if (push.envSteps() < 1 || push.envSteps() > limits.envStepsPerPush()) {
            throw refuse(Refusal.ENV_STEPS, "env steps must be in [1, " + limits.envStepsPerPush()
                    + "] (K envs x t_max steps), got " + push.envSteps());
        }
        int count = push.episodes().size();
        if (count > push.envSteps()) {
            throw refuse(Refusal.EPISODE_COUNT, count + " finished episodes in a push of " + push.envSteps()
                    + " env steps: at most one per step");
        }
        for (int i = 0; i < count; i++) {
            checkEpisode(i, push.episodes().get(i));
        }
        FloatBuffer gradient;
        try {
            gradient = TensorCodec.decode(push.gradient(), parameterCount, limits.gradientPrecision());
        } catch (InvalidTensorException e) {
            throw refuse(Refusal.WRONG_SIZE, "gradient: " + e.getMessage());
        }
        // one pass over the values: the sum of squares (in double, which no float32 values overflow) is
        // finite exactly when every value is
        double norm = GradientClipping.globalNorm(gradient);
        if (!Double.isFinite(norm)) {
            int bad = TensorCodec.firstNonFinite(gradient);
            throw refuse(Refusal.NON_FINITE, "gradient: value " + gradient.get(bad) + " at index " + bad
                    + " is not finite");
        }
        if (norm > limits.maxGradientNorm()) {
            throw refuse(Refusal.GRADIENT_NORM, String.format("gradient norm %.6g exceeds %.6g (the workers' clipping "
                    + "bound with a relative tolerance of %s)", norm, limits.maxGradientNorm(),
                    RequestLimits.GRADIENT_NORM_TOLERANCE));
        }
        return gradient;
    }

    /**
     * The moments a push reports of its rollout's observations, checked against what an honest worker sends: none in
     * a run that does not standardize observations ({@code size} 0); in one that does, one observation per env step
     * (the count equals the env steps), a mean and an M2 for each of the observation's {@code size} values, all
     * finite, M2 >= 0, and no mean or standard deviation beyond {@link RequestLimits#OBSERVATION_LIMIT}.
     */
    public ObservationMoments checkObservationMoments(TrainingSession.Push push, int size) {
        TrainingSession.ReportedMoments m = push.observations();
        if (size == 0) {
            if (m != null) {
                throw refuse(Refusal.OBSERVATION_MOMENTS, "observation moments in a run that does not standardize "
                        + "observations");
            }
            return null;
        }
        if (m == null) {
            throw refuse(Refusal.OBSERVATION_MOMENTS, "this run standardizes observations: a push must report the "
                    + "moments of its observations");
        }
        if (m.count() != push.envSteps()) {
            throw refuse(Refusal.OBSERVATION_MOMENTS, "observation moments must count one observation per env step ("
                    + push.envSteps() + "), got " + m.count());
        }
        if (m.mean() == null || m.m2() == null || m.mean().length != size || m.m2().length != size) {
            throw refuse(Refusal.OBSERVATION_MOMENTS, "observation moments need " + size + " means and " + size
                    + " M2 values, got " + (m.mean() == null ? 0 : m.mean().length) + " and "
                    + (m.m2() == null ? 0 : m.m2().length));
        }
        double limit = RequestLimits.OBSERVATION_LIMIT;
        for (int j = 0; j < size; j++) {
            double mean = m.mean()[j];
            double variance = m.m2()[j] / m.count();
            if (!(Math.abs(mean) <= limit) || !(m.m2()[j] >= 0) || !(variance <= limit * limit)) {
                throw refuse(Refusal.OBSERVATION_MOMENTS, "observation value " + j + ": mean " + mean + ", M2 "
                        + m.m2()[j] + " (means and standard deviations must be finite and within " + limit
                        + ", M2 >= 0)");
            }
        }
        return new ObservationMoments(m.count(), m.mean(), m.m2());
    }

    private void checkEpisode(int index, TrainingSession.EpisodeResult episode) {
        int length = episode.length();
        if (length < 1 || length > limits.maxEpisodeLength()) {
            throw refuse(Refusal.EPISODE_LENGTH, "episode " + index + ": length must be in [1, "
                    + limits.maxEpisodeLength() + "] (the time limit), got " + length);
        }
        double r = episode.episodeReturn();
        double low = limits.lowestReturn(length);
        double high = limits.highestReturn(length);
        if (!(r >= low && r <= high)) {
            throw refuse(Refusal.EPISODE_RETURN, "episode " + index + ": a return of " + r + " in " + length
                    + " steps is outside [" + low + ", " + high + "]");
        }
    }

    /**
     * Checks a push's sequence number and base version against its worker's history and the current
     * version; called under the push lock.
     */
    public void checkPushAgainst(WorkerRegistry.Worker worker, TrainingSession.Push push, long version) {
        long next = worker.highestSequence + 1;
        if (push.sequence() < 1 || push.sequence() > next) {
            throw refuse(Refusal.SEQUENCE, "sequence must be in [1, " + next + "] (numbers count this worker's pushes "
                    + "from 1), got " + push.sequence());
        }
        if (push.sequence() <= worker.lastSequence) {
            return; // a retry of an applied push: acknowledged as a duplicate, nothing changes
        }
        long lowest = Math.max(worker.registeredVersion, worker.lastBaseVersion);
        if (push.baseVersion() < lowest || push.baseVersion() > version) {
            throw refuse(Refusal.BASE_VERSION, "base version must be in [" + lowest + ", " + version
                    + "] (no older than this worker's last push, no newer than the server), got " + push.baseVersion());
        }
    }

    /** Checks the version a worker says it holds against its registration and the current version. */
    public void checkPull(WorkerRegistry.Worker worker, long sinceVersion, long version) {
        if (sinceVersion != -1 && (sinceVersion < worker.registeredVersion || sinceVersion > version)) {
            throw refuse(Refusal.SINCE_VERSION, "since version must be -1 or in [" + worker.registeredVersion + ", "
                    + version + "], got " + sinceVersion);
        }
    }

    public static RequestRefusedException refuse(Refusal refusal, String detail) {
        return new RequestRefusedException(refusal, detail);
    }
}

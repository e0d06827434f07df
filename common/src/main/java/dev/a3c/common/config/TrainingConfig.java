package dev.a3c.common.config;

import dev.a3c.common.env.Environment;
import dev.a3c.common.env.EnvironmentSpec;
import dev.a3c.common.env.ObservationRescaling;
import dev.a3c.common.env.Environments;
import dev.a3c.common.nn.NetworkSpec;
import dev.a3c.common.optim.OptimizerKind;
import dev.a3c.common.optim.OptimizerSettings;
import dev.a3c.common.rl.LearningRateSchedule;
import java.time.Duration;

/**
 * Everything that defines a training run, validated where it is built.
 *
 * @param env environment id (see {@link Environments#ids()})
 * @param maxEpisodeSteps time limit per episode; 0 uses the environment's registered limit
 * @param envsPerWorker environments each worker steps in lock-step (K); K = 1 is the classic A3C worker
 * @param rolloutSteps steps per environment between two gradient pushes (t_max)
 * @param gamma discount factor
 * @param gaeLambda lambda of generalized advantage estimation; 1 gives the A3C paper's n-step returns
 * @param entropyCoef weight of the entropy bonus
 * @param valueLossCoef weight of the value loss
 * @param maxGradNorm global gradient-norm bound applied by workers; 0 disables clipping
 * @param learningRate initial learning rate of the shared optimizer
 * @param annealLearningRate anneal the learning rate linearly to 0 over {@code maxSteps}
 * @param optimizer the shared optimizer
 * @param optimizerSettings its hyper-parameters
 * @param maxSteps global environment-step budget
 * @param targetReturn stop when the 100-episode average reaches this; {@code null}: never stop early
 * @param seed base seed; worker of rank r seeds itself with {@code seed + r}
 * @param policy the network: torso, hidden layers, activation, LSTM core
 * @param rewardScale rewards are multiplied by this before learning (episode returns are reported unscaled)
 * @param rewardClip scaled rewards are clipped to [-rewardClip, rewardClip]; 0 for no clipping
 * @param normalizeObservations rescale observations to [-1, 1] by the bounds of the environment's observation space
 *                              (values without finite bounds pass unchanged); see {@link ObservationRescaling}
 * @param maxStaleness a push computed on weights more than this many versions old is rejected, or down-weighted
 *                     when {@code downweightStale}; 0 for no limit
 * @param downweightStale down-weight a too-stale push (step size times maxStaleness / staleness) instead of
 *                        rejecting it
 * @param checkpointInterval time between periodic checkpoints
 * @param evaluation how the server evaluates the global network beside training, and what stops training;
 *                   null for the environment's defaults ({@link EvaluationConfig#defaults})
 */
public record TrainingConfig(
        String env,
        int maxEpisodeSteps,
        int envsPerWorker,
        int rolloutSteps,
        double gamma,
        double gaeLambda,
        double entropyCoef,
        double valueLossCoef,
        double maxGradNorm,
        double learningRate,
        boolean annealLearningRate,
        OptimizerKind optimizer,
        OptimizerSettings optimizerSettings,
        long maxSteps,
        Double targetReturn,
        long seed,
        PolicyConfig policy,
        double rewardScale,
        double rewardClip,
        boolean normalizeObservations,
        int maxStaleness,
        boolean downweightStale,
        Duration checkpointInterval,
        EvaluationConfig evaluation) {

    public TrainingConfig {
        EnvironmentSpec spec = Environments.spec(env);
        require(maxEpisodeSteps >= 0, "max episode steps must be >= 0 (0 = the environment's limit), got " + maxEpisodeSteps);
        require(envsPerWorker >= 1 && envsPerWorker <= 4096, "envs per worker must be in [1, 4096], got " + envsPerWorker);
        require(rolloutSteps >= 1 && rolloutSteps <= 10_000, "rollout steps must be in [1, 10000], got " + rolloutSteps);
        require(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1], got " + gamma);
        require(gaeLambda >= 0 && gaeLambda <= 1, "GAE lambda must be in [0, 1], got " + gaeLambda);
        require(entropyCoef >= 0 && Double.isFinite(entropyCoef), "entropy coefficient must be >= 0, got " + entropyCoef);
        require(valueLossCoef >= 0 && Double.isFinite(valueLossCoef), "value loss coefficient must be >= 0, got " + valueLossCoef);
        require(maxGradNorm >= 0 && Double.isFinite(maxGradNorm), "max grad norm must be >= 0, got " + maxGradNorm);
        require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be > 0, got " + learningRate);
        require(optimizer != null, "optimizer must be set");
        require(optimizerSettings != null, "optimizer settings must be set");
        require(maxSteps >= 1, "max steps must be >= 1, got " + maxSteps);
        require(targetReturn == null || Double.isFinite(targetReturn), "target return must be finite, got " + targetReturn);
        require(maxStaleness >= 0, "max staleness must be >= 0 (0 = no limit), got " + maxStaleness);
        require(checkpointInterval != null && !checkpointInterval.isNegative() && !checkpointInterval.isZero(),
                "checkpoint interval must be positive");
        require(policy != null, "policy must be set");
        if (evaluation == null) {
            evaluation = EvaluationConfig.defaults(env);
        }
        require(rewardScale > 0 && Double.isFinite(rewardScale), "reward scale must be > 0, got " + rewardScale);
        require(rewardClip >= 0 && Double.isFinite(rewardClip), "reward clip must be >= 0 (0 = none), got " + rewardClip);
        require(!(policy.lstm() > 0 && rolloutSteps + 1 > 10_001), "rollout too long for an LSTM");
        policy.networkSpec(spec); // checks that the network fits the environment
        require(!normalizeObservations || ObservationRescaling.supports(spec),
                env + " declares no observation bounds: observation normalisation is not available for it");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Defaults for an environment: the values the CLI starts from. The network follows from the
     * spaces ({@link PolicyConfig#forEnvironment}, adjusted by {@link Tuning#policyFor}); discount, entropy bonus, clipping, learning rate,
     * budget, reward scale and observation normalisation from {@link Tuning#forEnvironment}.
     */
    public static TrainingConfig defaults(String env) {
        EnvironmentSpec spec = Environments.spec(env);
        Tuning t = Tuning.forEnvironment(env);
        return new TrainingConfig(env, 0, 32, t.rolloutSteps(), t.gamma(), t.gaeLambda(), t.entropyCoef(), 0.5, t.maxGradNorm(),
                t.learningRate(), true, OptimizerKind.RMSPROP, OptimizerSettings.DEFAULTS, t.maxSteps(),
                spec.rewardThreshold(), 1L, Tuning.policyFor(env), t.rewardScale(), 0.0,
                t.normalizeObservations(), 0, false, Duration.ofSeconds(30), EvaluationConfig.defaults(env));
    }

    public EnvironmentSpec environmentSpec() {
        EnvironmentSpec spec = Environments.spec(env);
        return maxEpisodeSteps > 0 ? spec.withMaxEpisodeSteps(maxEpisodeSteps) : spec;
    }

    /** An environment as training sees it: time limit, then observation normalisation when configured. */
    public Environment makeEnvironment() {
        Environment e = Environments.make(env, maxEpisodeSteps);
        return normalizeObservations ? new ObservationRescaling(e) : e;
    }

    public NetworkSpec networkSpec() {
        return policy.networkSpec(Environments.spec(env));
    }

    public TrainingConfig withPolicy(PolicyConfig value) {
        return new TrainingConfig(env, maxEpisodeSteps, envsPerWorker, rolloutSteps, gamma, gaeLambda, entropyCoef, valueLossCoef,
                maxGradNorm, learningRate, annealLearningRate, optimizer, optimizerSettings, maxSteps, targetReturn, seed,
                value, rewardScale, rewardClip, normalizeObservations, maxStaleness, downweightStale, checkpointInterval, evaluation);
    }

    public TrainingConfig withStalenessLimit(int max, boolean downweight) {
        return new TrainingConfig(env, maxEpisodeSteps, envsPerWorker, rolloutSteps, gamma, gaeLambda, entropyCoef,
                valueLossCoef, maxGradNorm, learningRate, annealLearningRate, optimizer, optimizerSettings, maxSteps,
                targetReturn, seed, policy, rewardScale, rewardClip, normalizeObservations, max, downweight,
                checkpointInterval, evaluation);
    }

    public TrainingConfig withEnvsPerWorker(int value) {
        return new TrainingConfig(env, maxEpisodeSteps, value, rolloutSteps, gamma, gaeLambda, entropyCoef, valueLossCoef,
                maxGradNorm, learningRate, annealLearningRate, optimizer, optimizerSettings, maxSteps, targetReturn, seed,
                policy, rewardScale, rewardClip, normalizeObservations, maxStaleness, downweightStale, checkpointInterval, evaluation);
    }

    public TrainingConfig withMaxSteps(long value) {
        return new TrainingConfig(env, maxEpisodeSteps, envsPerWorker, rolloutSteps, gamma, gaeLambda, entropyCoef, valueLossCoef,
                maxGradNorm, learningRate, annealLearningRate, optimizer, optimizerSettings, value, targetReturn, seed,
                policy, rewardScale, rewardClip, normalizeObservations, maxStaleness, downweightStale, checkpointInterval, evaluation);
    }

    public TrainingConfig withEvaluation(EvaluationConfig value) {
        return new TrainingConfig(env, maxEpisodeSteps, envsPerWorker, rolloutSteps, gamma, gaeLambda, entropyCoef, valueLossCoef,
                maxGradNorm, learningRate, annealLearningRate, optimizer, optimizerSettings, maxSteps, targetReturn, seed,
                policy, rewardScale, rewardClip, normalizeObservations, maxStaleness, downweightStale, checkpointInterval,
                value);
    }

    public LearningRateSchedule learningRateSchedule() {
        return new LearningRateSchedule(learningRate, maxSteps, annealLearningRate);
    }
}

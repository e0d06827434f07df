package dev.a3c.cli;

import dev.a3c.common.config.Json;
import dev.a3c.common.config.PolicyConfig;
import dev.a3c.common.config.EvaluationConfig;
import dev.a3c.common.config.TrainingConfig;
import dev.a3c.common.eval.PolicyEvaluation;
import dev.a3c.common.config.Tuning;
import dev.a3c.common.env.Environments;
import dev.a3c.common.optim.OptimizerKind;
import dev.a3c.common.optim.OptimizerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that define a training run, shared by {@code train} and {@code server}. */
final class TrainingOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Start from this configuration file (JSON, as written to a run's config.json); flags given as well override it.")
    Path configFile;

    @Option(names = "--env", paramLabel = "ID", description = "Environment id (default: CartPole-v1).")
    String env;

    @Option(names = "--envs-per-worker", paramLabel = "K", description = "Environments each worker steps together (default: 32; 1 is the classic A3C worker).")
    Integer envsPerWorker;

    @Option(names = "--rollout-steps", paramLabel = "T", description = "Steps per environment between gradient pushes, t_max (default: 5).")
    Integer rolloutSteps;

    @Option(names = "--seed", description = "Base seed; worker of rank r uses seed + r (default: 1).")
    Long seed;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate of the shared optimizer (default: 2e-3; tuned per environment).")
    Double learningRate;

    @Option(names = "--anneal-lr", negatable = true, description = "Anneal the learning rate linearly to 0 over --max-steps (default: on).")
    Boolean annealLearningRate;

    @Option(names = "--optimizer", paramLabel = "rmsprop|adam", description = "Shared optimizer (default: rmsprop, as in the A3C paper).")
    String optimizer;

    @Option(names = "--rms-decay", description = "RMSProp decay alpha (default: 0.99).")
    Double rmsDecay;

    @Option(names = "--adam-beta1", description = "Adam beta1 (default: 0.9).")
    Double adamBeta1;

    @Option(names = "--adam-beta2", description = "Adam beta2 (default: 0.999).")
    Double adamBeta2;

    @Option(names = "--optimizer-eps", description = "Optimizer epsilon (default: 1e-5).")
    Double optimizerEpsilon;

    @Option(names = "--gamma", description = "Discount factor (default: 0.99; tuned per environment).")
    Double gamma;

    @Option(names = "--gae-lambda", paramLabel = "LAMBDA",
            description = "Lambda of generalized advantage estimation; 1 gives the A3C paper's n-step returns (default: 1).")
    Double gaeLambda;

    @Option(names = "--entropy-coef", description = "Entropy bonus weight (default: 0.01; tuned per environment).")
    Double entropyCoef;

    @Option(names = "--value-loss-coef", description = "Value loss weight (default: 0.5).")
    Double valueLossCoef;

    @Option(names = "--max-grad-norm", description = "Global gradient-norm bound, 0 for none (default: 0.5; tuned per environment).")
    Double maxGradNorm;

    @Option(names = "--max-steps", description = "Global environment-step budget (default: 3000000; tuned per environment).")
    Long maxSteps;

    @Option(names = "--target-return", paramLabel = "R|none",
            description = "Stop when the 100-episode average return reaches R (default: the environment's reward threshold; 'none' never stops early).")
    String targetReturn;

    @Option(names = "--max-episode-steps", description = "Episode time limit (default: the environment's).")
    Integer maxEpisodeSteps;

    @Option(names = "--torso", paramLabel = "mlp|cnn",
            description = "Network torso (default: chosen from the observations: cnn, the MinAtar paper's 16 3x3 filters, for grids; mlp for vectors).")
    String torso;

    @Option(names = "--hidden", split = ",", paramLabel = "N",
            description = "Dense layer sizes of the torso (default: 64,64 for mlp; 128 for cnn).")
    List<Integer> hidden;

    @Option(names = "--activation", paramLabel = "tanh|relu", description = "Torso activation (default: tanh for mlp, relu for cnn).")
    String activation;

    @Option(names = "--lstm", paramLabel = "UNITS",
            description = "Add an LSTM core of UNITS units between torso and heads, its state carried across rollouts (default: 0, none).")
    Integer lstm;

    @Option(names = "--initial-log-std", paramLabel = "X",
            description = "Gaussian policies: the log standard deviation at the start, in the unit action box (default: 0, standard deviation 1).")
    Double initialLogStd;

    @Option(names = "--separate-critic", negatable = true,
            description = "Give the value head a torso of its own (same layers, own weights) instead of sharing the policy's; not with --lstm (default: shared).")
    Boolean separateCritic;

    @Option(names = "--state-dependent-std", negatable = true,
            description = "Gaussian policies: compute the log standard deviations from the features (a linear layer whose bias starts at --initial-log-std) instead of learning one per action dimension (default: off).")
    Boolean stateDependentStd;

    @Option(names = "--reward-scale", description = "Multiply rewards by this for learning; reported returns stay unscaled (default: 1; tuned per environment).")
    Double rewardScale;

    @Option(names = "--reward-clip", description = "Clip scaled rewards to [-C, C]; 0 for none (default: 0).")
    Double rewardClip;

    @Option(names = "--normalize-observations", negatable = true,
            description = "Rescale observations to [-1, 1] by the bounds of the environment's observation space (default: off; tuned per environment).")
    Boolean normalizeObservations;

    @Option(names = "--max-staleness", paramLabel = "VERSIONS",
            description = "Refuse (or down-weight, see --stale-pushes) a push computed on weights more than this many versions old; 0 for no limit (default: 0).")
    Integer maxStaleness;

    @Option(names = "--stale-pushes", paramLabel = "reject|downweight",
            description = "What happens to a push beyond --max-staleness: reject it (FAILED_PRECONDITION, the worker drops it) or apply it with the step size times max/staleness (default: reject).")
    String stalePushes;

    @Option(names = "--checkpoint-interval", paramLabel = "SECONDS", description = "Seconds between periodic checkpoints (default: 30).")
    Double checkpointSeconds;

    @Option(names = "--eval-episodes", paramLabel = "N",
            description = "Fresh episodes the server plays with the global weights at each evaluation; 0 turns evaluation off (default: 100; 20 for LunarLander, 10 for MinAtar).")
    Integer evalEpisodes;

    @Option(names = "--eval-actions", paramLabel = "greedy|sample",
            description = "Evaluate with the most probable action or with actions sampled as in training (default: greedy; sample for Acrobot and LunarLanderContinuous).")
    String evalActions;

    @Option(names = "--eval-every", paramLabel = "SECONDSs|UPDATES",
            description = "How often to evaluate: '30s' (wall time) or '500' (updates) (default: 5s for CartPole and Acrobot, 15s for other classic control and LunarLander, 300s for MinAtar).")
    String evalEvery;

    @Option(names = "--stop-on", paramLabel = "train|eval",
            description = "Compare --target-return with the moving average of training episodes (train) or with an evaluation of at least 100 fresh episodes (eval) (default: train; eval for Acrobot).")
    String stopOn;

    /** The configuration: the file's (or the environment's defaults) with the given flags on top. */
    TrainingConfig toConfig() {
        TrainingConfig base;
        if (configFile != null) {
            try {
                base = Json.mapper().readValue(configFile.toFile(), TrainingConfig.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration " + configFile + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        } else {
            base = TrainingConfig.defaults(env == null ? "CartPole-v1" : env);
        }
        String envId = or(env, base.env());
        // a file's target and network belong to the file's environment: another --env brings its own
        boolean sameEnv = envId.equals(base.env());
        Double baseTarget = sameEnv ? base.targetReturn() : Environments.spec(envId).rewardThreshold();
        PolicyConfig basePolicy = sameEnv ? base.policy() : Tuning.policyFor(envId);
        if (torso != null && !torso.equalsIgnoreCase(basePolicy.torso())) {
            // another torso brings its own default layers and activation
            PolicyConfig defaults = torso.equalsIgnoreCase("cnn") ? new PolicyConfig("cnn", List.of(128), "relu", 0)
                    : new PolicyConfig("mlp", List.of(64, 64), "tanh", 0);
            basePolicy = defaults.withLstm(basePolicy.lstm()).withInitialLogStd(basePolicy.initialLogStd())
                    .withSeparateCritic(basePolicy.separateCritic()).withStateDependentStd(basePolicy.stateDependentStd());
        }
        PolicyConfig policy = new PolicyConfig(
                or(torso, basePolicy.torso()),
                hidden == null ? basePolicy.hidden() : hidden,
                or(activation, basePolicy.activation()),
                or(lstm, basePolicy.lstm()),
                or(initialLogStd, basePolicy.initialLogStd()),
                or(separateCritic, basePolicy.separateCritic()),
                or(stateDependentStd, basePolicy.stateDependentStd()));
        OptimizerSettings s = base.optimizerSettings();
        OptimizerSettings settings = new OptimizerSettings(or(rmsDecay, s.rmsDecay()), or(adamBeta1, s.adamBeta1()),
                or(adamBeta2, s.adamBeta2()), or(optimizerEpsilon, s.epsilon()));
        return new TrainingConfig(
                envId,
                or(maxEpisodeSteps, base.maxEpisodeSteps()),
                or(envsPerWorker, base.envsPerWorker()),
                or(rolloutSteps, base.rolloutSteps()),
                or(gamma, base.gamma()),
                or(gaeLambda, base.gaeLambda()),
                or(entropyCoef, base.entropyCoef()),
                or(valueLossCoef, base.valueLossCoef()),
                or(maxGradNorm, base.maxGradNorm()),
                or(learningRate, base.learningRate()),
                or(annealLearningRate, base.annealLearningRate()),
                optimizer == null ? base.optimizer() : OptimizerKind.parse(optimizer),
                settings,
                or(maxSteps, base.maxSteps()),
                targetReturn == null ? baseTarget : parseTarget(targetReturn),
                or(seed, base.seed()),
                policy,
                or(rewardScale, base.rewardScale()),
                or(rewardClip, base.rewardClip()),
                or(normalizeObservations, base.normalizeObservations()),
                or(maxStaleness, base.maxStaleness()),
                stalePushes == null ? base.downweightStale() : parseStalePushes(stalePushes),
                checkpointSeconds == null ? base.checkpointInterval() : seconds(checkpointSeconds),
                evaluation(sameEnv ? base.evaluation() : EvaluationConfig.defaults(envId)));
    }

    /** The base's evaluation settings with the given flags on top. */
    private EvaluationConfig evaluation(EvaluationConfig base) {
        EvaluationConfig e = base;
        if (evalEvery != null) {
            e = EvaluationConfig.withEvery(e, evalEvery);
        }
        PolicyEvaluation.Mode actions = evalActions == null ? e.actions() : PolicyEvaluation.Mode.parse(evalActions, "--eval-actions");
        return new EvaluationConfig(or(evalEpisodes, e.episodes()), actions, e.interval(), e.intervalUpdates(),
                stopOn == null ? e.stopOn() : EvaluationConfig.StopRule.parse(stopOn));
    }

    private static boolean parseStalePushes(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "reject" -> false;
            case "downweight" -> true;
            default -> throw new IllegalArgumentException("--stale-pushes must be reject or downweight, got '" + value + "'");
        };
    }

    private static Double parseTarget(String value) {
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--target-return must be a number or 'none', got '" + value + "'");
        }
    }

    private static Duration seconds(double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("--checkpoint-interval must be > 0 seconds");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    static void writeConfig(TrainingConfig config, Path file) {
        try {
            dev.a3c.server.RunFolder.writeAtomically(file, Json.mapper().writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.common.config.EvaluationConfig;
import dev.a3c.common.config.PolicyConfig;
import dev.a3c.common.config.TrainingConfig;
import dev.a3c.common.eval.PolicyEvaluation;
import dev.a3c.common.optim.OptimizerKind;
import dev.a3c.common.optim.OptimizerSettings;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@link TrainingOptions#toConfig()}: defaults, each flag, a configuration file under flags, and bad values. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TrainingOptionsTest {

    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults("CartPole-v1");

    /** Parses {@code args} as {@code a3c train} does and builds the configuration. */
    static TrainingConfig parse(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command.training.toConfig();
    }

    /** {@code config} with one record component replaced. */
    static TrainingConfig with(TrainingConfig config, String component, Object value) {
        try {
            RecordComponent[] components = TrainingConfig.class.getRecordComponents();
            Object[] values = new Object[components.length];
            boolean found = false;
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(config);
                found |= components[i].getName().equals(component);
            }
            assertTrue(found, "no component " + component);
            Constructor<TrainingConfig> canonical = TrainingConfig.class.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void noFlagsGiveTheDefaults() {
        TrainingConfig config = parse();
        assertEquals(DEFAULTS, config);
        assertEquals("CartPole-v1", config.env());
        assertEquals(32, config.envsPerWorker());
        assertEquals(5, config.rolloutSteps());
        assertEquals(OptimizerKind.RMSPROP, config.optimizer());
        assertEquals(2e-3, config.learningRate());
        assertTrue(config.annealLearningRate());
        assertEquals(475.0, config.targetReturn(), "the environment's reward threshold");
        assertEquals(3_000_000L, config.maxSteps());
        assertEquals(new PolicyConfig("mlp", List.of(64, 64), "tanh", 0), config.policy());
    }

    static Stream<Arguments> flags() {
        OptimizerSettings s = OptimizerSettings.DEFAULTS;
        return Stream.of(
                Arguments.of(List.of("--env", "CartPole-v1"), DEFAULTS),
                Arguments.of(List.of("--envs-per-worker", "3"), with(DEFAULTS, "envsPerWorker", 3)),
                Arguments.of(List.of("--rollout-steps", "20"), with(DEFAULTS, "rolloutSteps", 20)),
                Arguments.of(List.of("--seed", "99"), with(DEFAULTS, "seed", 99L)),
                Arguments.of(List.of("--lr", "0.002"), with(DEFAULTS, "learningRate", 0.002)),
                Arguments.of(List.of("--no-anneal-lr"), with(DEFAULTS, "annealLearningRate", false)),
                Arguments.of(List.of("--anneal-lr"), DEFAULTS),
                Arguments.of(List.of("--optimizer", "adam"), with(DEFAULTS, "optimizer", OptimizerKind.ADAM)),
                Arguments.of(List.of("--optimizer", "RMSProp"), DEFAULTS),
                Arguments.of(List.of("--rms-decay", "0.95"), with(DEFAULTS, "optimizerSettings",
                        new OptimizerSettings(0.95, s.adamBeta1(), s.adamBeta2(), s.epsilon()))),
                Arguments.of(List.of("--adam-beta1", "0.8"), with(DEFAULTS, "optimizerSettings",
                        new OptimizerSettings(s.rmsDecay(), 0.8, s.adamBeta2(), s.epsilon()))),
                Arguments.of(List.of("--adam-beta2", "0.99"), with(DEFAULTS, "optimizerSettings",
                        new OptimizerSettings(s.rmsDecay(), s.adamBeta1(), 0.99, s.epsilon()))),
                Arguments.of(List.of("--optimizer-eps", "1e-7"), with(DEFAULTS, "optimizerSettings",
                        new OptimizerSettings(s.rmsDecay(), s.adamBeta1(), s.adamBeta2(), 1e-7))),
                Arguments.of(List.of("--gamma", "0.9"), with(DEFAULTS, "gamma", 0.9)),
                Arguments.of(List.of("--gae-lambda", "0.95"), with(DEFAULTS, "gaeLambda", 0.95)),
                Arguments.of(List.of("--entropy-coef", "0.05"), with(DEFAULTS, "entropyCoef", 0.05)),
                Arguments.of(List.of("--value-loss-coef", "0.25"), with(DEFAULTS, "valueLossCoef", 0.25)),
                Arguments.of(List.of("--max-grad-norm", "0"), with(DEFAULTS, "maxGradNorm", 0.0)),
                Arguments.of(List.of("--max-steps", "12345"), with(DEFAULTS, "maxSteps", 12345L)),
                Arguments.of(List.of("--target-return", "195"), with(DEFAULTS, "targetReturn", 195.0)),
                Arguments.of(List.of("--target-return", "none"), with(DEFAULTS, "targetReturn", null)),
                Arguments.of(List.of("--target-return", "NONE"), with(DEFAULTS, "targetReturn", null)),
                Arguments.of(List.of("--max-episode-steps", "200"), with(DEFAULTS, "maxEpisodeSteps", 200)),
                Arguments.of(List.of("--hidden", "32,16,8"), with(DEFAULTS, "policy", DEFAULTS.policy().withHidden(List.of(32, 16, 8)))),
                Arguments.of(List.of("--activation", "relu"), with(DEFAULTS, "policy", DEFAULTS.policy().withActivation("relu"))),
                Arguments.of(List.of("--lstm", "64"), with(DEFAULTS, "policy", DEFAULTS.policy().withLstm(64))),
                Arguments.of(List.of("--initial-log-std", "-1.5"), with(DEFAULTS, "policy", DEFAULTS.policy().withInitialLogStd(-1.5))),
                Arguments.of(List.of("--separate-critic"), with(DEFAULTS, "policy", DEFAULTS.policy().withSeparateCritic(true))),
                Arguments.of(List.of("--state-dependent-std"), with(DEFAULTS, "policy", DEFAULTS.policy().withStateDependentStd(true))),
                Arguments.of(List.of("--torso", "mlp"), DEFAULTS),
                Arguments.of(List.of("--reward-scale", "0.01"), with(DEFAULTS, "rewardScale", 0.01)),
                Arguments.of(List.of("--reward-clip", "1"), with(DEFAULTS, "rewardClip", 1.0)),
                Arguments.of(List.of("--normalize-observations"), with(DEFAULTS, "normalizeObservations", true)),
                Arguments.of(List.of("--max-staleness", "8"), with(DEFAULTS, "maxStaleness", 8)),
                Arguments.of(List.of("--max-staleness", "8", "--stale-pushes", "downweight"),
                        with(with(DEFAULTS, "maxStaleness", 8), "downweightStale", true)),
                Arguments.of(List.of("--checkpoint-interval", "2.5"), with(DEFAULTS, "checkpointInterval", Duration.ofMillis(2500))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flags")
    void eachFlagOverridesItsDefault(List<String> args, TrainingConfig expected) {
        assertEquals(expected, parse(args.toArray(String[]::new)));
    }

    @Test
    void flagsCombine() {
        TrainingConfig config = parse("--lr", "1e-3", "--optimizer", "adam", "--max-steps", "600000", "--target-return", "195",
                "--envs-per-worker", "8", "--hidden", "128");
        TrainingConfig expected = with(with(with(with(with(with(DEFAULTS, "learningRate", 1e-3), "optimizer", OptimizerKind.ADAM),
                "maxSteps", 600_000L), "targetReturn", 195.0), "envsPerWorker", 8), "policy", DEFAULTS.policy().withHidden(List.of(128)));
        assertEquals(expected, config);
    }

    @Test
    void aConfigurationFileIsTheBaseAndFlagsOverrideIt(@TempDir Path dir) {
        TrainingConfig file = new TrainingConfig("CartPole-v1", 300, 4, 10, 0.95, 0.8, 0.02, 0.4, 1.0, 3e-4, false,
                OptimizerKind.ADAM, new OptimizerSettings(0.9, 0.85, 0.995, 1e-6), 50_000, 150.0, 42,
                new PolicyConfig("mlp", List.of(32, 32), "relu", 16), 0.5, 3.0, true, 4, true, Duration.ofSeconds(7), null);
        Path path = dir.resolve("config.json");
        TrainingOptions.writeConfig(file, path);

        assertEquals(file, parse("--config", path.toString()), "the file alone: exactly its configuration");
        assertEquals(with(with(file, "learningRate", 0.01), "rolloutSteps", 3),
                parse("--config", path.toString(), "--lr", "0.01", "--rollout-steps", "3"));
        assertEquals(with(file, "targetReturn", null), parse("--target-return", "none", "--config", path.toString()));
        assertEquals(with(file, "optimizerSettings", new OptimizerSettings(0.9, 0.85, 0.995, 1e-8)),
                parse("--config", path.toString(), "--optimizer-eps", "1e-8"), "other optimizer settings come from the file");
        assertEquals(file, parse("--config", path.toString(), "--env", "CartPole-v1"),
                "naming the file's environment keeps the file's target");
        assertTrue(parse("--config", path.toString(), "--env", "LunarLanderContinuous-v3").policy().stateDependentStd(),
                "another environment than the file's brings its own tuned policy");
    }

    @Test
    void aConfigurationWithoutATargetRoundTrips(@TempDir Path dir) {
        TrainingConfig none = with(DEFAULTS, "targetReturn", null);
        Path path = dir.resolve("c.json");
        TrainingOptions.writeConfig(none, path);
        assertNull(parse("--config", path.toString()).targetReturn());
        assertEquals(100.0, parse("--config", path.toString(), "--target-return", "100").targetReturn());
    }

    @Test
    void anUnreadableConfigurationFileIsABadArgument(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--config", missing.toString()));
        assertTrue(e.getMessage().startsWith("cannot read configuration " + missing), e.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"env\": \"CartPole-v1\", \"gamma\": ");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--config", broken.toString()));
        assertTrue(e.getMessage().startsWith("cannot read configuration " + broken), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());

        Path unknown = dir.resolve("unknown.json");
        TrainingOptions.writeConfig(DEFAULTS, unknown);
        Files.writeString(unknown, Files.readString(unknown).replaceFirst("\\{", "{ \"colour\" : \"red\","));
        e = assertThrows(IllegalArgumentException.class, () -> parse("--config", unknown.toString()));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());

        Path invalid = dir.resolve("invalid.json");
        TrainingOptions.writeConfig(DEFAULTS, invalid);
        Files.writeString(invalid, Files.readString(invalid).replace("\"gamma\" : 0.99", "\"gamma\" : 3.0"));
        e = assertThrows(IllegalArgumentException.class, () -> parse("--config", invalid.toString()));
        assertTrue(e.getMessage().contains("gamma must be in [0, 1]"), e.getMessage());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(List.of("--lr", "-1"), "learning rate must be > 0, got -1.0"),
                Arguments.of(List.of("--lr", "0"), "learning rate must be > 0"),
                Arguments.of(List.of("--optimizer", "sgd"), "optimizer must be rmsprop or adam, got 'sgd'"),
                Arguments.of(List.of("--env", "Pong-v5"), "unknown environment 'Pong-v5'"),
                Arguments.of(List.of("--rms-decay", "1"), "rms decay must be in [0, 1), got 1.0"),
                Arguments.of(List.of("--adam-beta2", "-0.5"), "adam beta2 must be in [0, 1)"),
                Arguments.of(List.of("--optimizer-eps", "0"), "optimizer epsilon must be > 0"),
                Arguments.of(List.of("--gamma", "1.5"), "gamma must be in [0, 1], got 1.5"),
                Arguments.of(List.of("--initial-log-std", "-9"), "the initial log standard deviation must be in [-5, 2], got -9.0"),
                Arguments.of(List.of("--separate-critic", "--lstm", "16"), "a separate critic torso cannot be combined with an LSTM core (--lstm 16)"),
                Arguments.of(List.of("--envs-per-worker", "0"), "envs per worker must be in [1, 4096], got 0"),
                Arguments.of(List.of("--rollout-steps", "0"), "rollout steps must be in [1, 10000], got 0"),
                Arguments.of(List.of("--entropy-coef", "-0.1"), "entropy coefficient must be >= 0"),
                Arguments.of(List.of("--value-loss-coef", "-1"), "value loss coefficient must be >= 0"),
                Arguments.of(List.of("--max-grad-norm", "-1"), "max grad norm must be >= 0"),
                Arguments.of(List.of("--max-steps", "0"), "max steps must be >= 1, got 0"),
                Arguments.of(List.of("--max-episode-steps", "-5"), "max episode steps must be >= 0"),
                Arguments.of(List.of("--target-return", "lots"), "--target-return must be a number or 'none', got 'lots'"),
                Arguments.of(List.of("--target-return", "NaN"), "target return must be finite"),
                Arguments.of(List.of("--hidden", "64,0"), "hidden layers must be a non-empty list of sizes >= 1"),
                Arguments.of(List.of("--activation", "sigmoid"), "activation must be one of [tanh, relu], got sigmoid"),
                Arguments.of(List.of("--checkpoint-interval", "0"), "--checkpoint-interval must be > 0 seconds"),
                Arguments.of(List.of("--eval-every", "soon"), "--eval-every must be seconds ('30s') or updates ('500'), got 'soon'"),
                Arguments.of(List.of("--eval-every", "0s"), "--eval-every must be seconds"),
                Arguments.of(List.of("--eval-actions", "best"), "--eval-actions must be greedy or sample, got 'best'"),
                Arguments.of(List.of("--stop-on", "both"), "--stop-on must be train or eval, got 'both'"),
                Arguments.of(List.of("--stop-on", "eval", "--eval-episodes", "20"),
                        "--stop-on eval needs evaluations of at least 100 episodes (--eval-episodes), got 20"),
                Arguments.of(List.of("--eval-episodes", "-1"), "evaluation episodes must be in [0, 100000], got -1"));
    }

    @Test
    void evaluationFlagsOverrideTheEnvironmentsEvaluationDefaults() {
        EvaluationConfig cartPole = parse().evaluation();
        assertEquals(EvaluationConfig.defaults("CartPole-v1"), cartPole);
        assertEquals(new EvaluationConfig(100, PolicyEvaluation.Mode.GREEDY, Duration.ofSeconds(5), 0,
                EvaluationConfig.StopRule.TRAIN), cartPole);
        assertEquals(new EvaluationConfig(100, PolicyEvaluation.Mode.SAMPLE, Duration.ZERO, 500,
                EvaluationConfig.StopRule.EVAL), parse("--eval-every", "500", "--eval-actions", "sample", "--stop-on", "eval")
                .evaluation());
        assertEquals(Duration.ofMillis(2500), parse("--eval-every", "2.5s").evaluation().interval());
        assertEquals(0, parse("--eval-episodes", "0").evaluation().episodes(), "0 turns evaluation off");
        assertEquals(EvaluationConfig.defaults("MinAtar/Breakout-v1"), parse("--env", "MinAtar/Breakout-v1").evaluation(),
                "another environment brings its own evaluation defaults");
        assertEquals(PolicyEvaluation.Mode.SAMPLE, parse("--env", "LunarLanderContinuous-v3").evaluation().actions());
        assertEquals(new EvaluationConfig(100, PolicyEvaluation.Mode.SAMPLE, Duration.ofSeconds(5), 0,
                EvaluationConfig.StopRule.EVAL), parse("--env", "Acrobot-v1").evaluation(),
                "Acrobot stops on fresh sampled episodes (bench/delivered.sh acrobot-*)");
        assertEquals(EvaluationConfig.StopRule.TRAIN, parse("--env", "Acrobot-v1", "--stop-on", "train").evaluation().stopOn());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreIllegalArgumentsWithAClearMessage(List<String> args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args.toArray(String[]::new)));
        assertTrue(e.getMessage().contains(message), "message '" + e.getMessage() + "' should contain '" + message + "'");
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    @Test
    void thePolicyFollowsTheEnvironmentUnlessFlagsSayOtherwise() {
        TrainingConfig minatar = parse("--env", "MinAtar/Breakout-v1");
        assertEquals(new PolicyConfig("cnn", List.of(128), "relu", 0), minatar.policy());
        assertEquals("gaussian", parse("--env", "Pendulum-v1").networkSpec().head().kind().name().toLowerCase());
        assertEquals(new PolicyConfig("mlp", List.of(64, 64), "tanh", 0), parse("--env", "MinAtar/Breakout-v1", "--torso", "mlp").policy());
        assertEquals(new PolicyConfig("cnn", List.of(128), "relu", 32),
                parse("--env", "MinAtar/Breakout-v1", "--lstm", "32").policy());
    }

    @Test
    void minAtarGamesStartFromTheirTunedSettings() {
        TrainingConfig minatar = parse("--env", "MinAtar/SpaceInvaders-v1");
        assertEquals(0.05, minatar.entropyCoef());   // the suite's finding: 0.01 plateaued on Breakout
        assertEquals(40, minatar.maxGradNorm());
        assertEquals(5_000_000L, minatar.maxSteps());
        assertEquals(0.01, parse("--env", "MinAtar/SpaceInvaders-v1", "--entropy-coef", "0.01").entropyCoef());
        // Freeway is the exception: 0.05 halved its score (29.1 at 5M frames against 56.8 at 2M with 0.01)
        assertEquals(0.01, parse("--env", "MinAtar/Freeway-v1").entropyCoef());
        assertEquals(0.01, parse("--env", "MinAtar/Freeway-v0").entropyCoef());
        assertEquals(40, parse("--env", "MinAtar/Freeway-v0").maxGradNorm());
        assertEquals(0.05, parse("--env", "MinAtar/Asterix-v0").entropyCoef());
    }

    @Test
    void environmentsBringTheirTunedHyperParameters() {
        TrainingConfig lander = parse("--env", "LunarLander-v3");
        assertEquals(0.995, lander.gamma());
        assertEquals(0.01, lander.rewardScale());
        assertEquals(40.0, lander.maxGradNorm());
        assertEquals(10_000_000L, lander.maxSteps());
        assertEquals(0.9, parse("--env", "LunarLander-v3", "--gamma", "0.9").gamma(), "flags still win");
        TrainingConfig pendulum = parse("--env", "Pendulum-v1");
        assertTrue(pendulum.normalizeObservations());
        assertEquals(null, pendulum.targetReturn(), "Pendulum-v1 has no reward threshold");
        assertEquals(DEFAULTS.gamma(), parse("--env", "MountainCar-v0").gamma(), "no tuning: the generic defaults");
        PolicyConfig continuous = parse("--env", "LunarLanderContinuous-v3").policy();
        assertTrue(continuous.stateDependentStd(), "the continuous lander needs state-dependent noise to come to rest");
        assertEquals(-1.6, continuous.initialLogStd());
        TrainingConfig continuousLander = parse("--env", "LunarLanderContinuous-v3");
        assertEquals(40, continuousLander.rolloutSteps());
        assertEquals(0.95, continuousLander.gaeLambda());
        assertEquals(0.0, continuousLander.entropyCoef(), "no entropy bonus: it kept the lander's noise too wide");
        assertEquals(5, parse("--env", "LunarLander-v3").rolloutSteps(), "others keep the paper's t_max");
        assertEquals(1.0, parse("--env", "LunarLander-v3").gaeLambda());
        assertFalse(parse("--env", "LunarLanderContinuous-v3", "--no-state-dependent-std").policy().stateDependentStd());
        assertFalse(parse("--env", "Pendulum-v1").policy().stateDependentStd());

    }
}

package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.a3c.config.ActionSelection;
import dev.a3c.config.ConfigSchema;
import dev.a3c.config.EvaluationConfig;
import dev.a3c.config.Interval;
import dev.a3c.config.PolicyConfig;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.optim.OptimizerKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@link TrainingOptions#toConfig()}: defaults, every setting's option, a configuration file under options, and bad values. */
class TrainingOptionsTest {

    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults("CartPole-v1");

    /** Parses {@code args} as {@code a3c train} does and builds the configuration. */
    static TrainingConfig parse(String... args) {
        List<String> line = new ArrayList<>(List.of("train"));
        line.addAll(List.of(args));
        CommandLine.ParseResult result = A3cCommand.commandLine(Map.of()).parseArgs(line.toArray(String[]::new));
        return ((TrainCommand) result.subcommand().commandSpec().userObject()).training.toConfig();
    }

    /** A valid value other than the CartPole default, derived from the setting's type and default. */
    private static String another(ConfigSchema.Entry entry, JsonNode value) {
        Class<?> type = entry.component().getType();
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            for (Object c : constants) {
                if (!((Enum<?>) c).name().equals(value.asText())) {
                    return ((Enum<?>) c).name().toLowerCase();
                }
            }
        }
        if (entry.isBoolean()) {
            return Boolean.toString(!value.asBoolean());
        }
        if (type == List.class) {
            return "24,12";
        }
        if (type == Duration.class) {
            return "7s";
        }
        if (type == Interval.class) {
            return "7s";
        }
        if (type == String.class) {
            return switch (entry.flag()) {
                case "activation" -> "relu";
                case "conv" -> "8x3/1,8x3/2";
                case "env-kwargs" -> "{}";   // built-in environments take no arguments: an empty object
                default -> null;
            };
        }
        if (value.isIntegralNumber()) {
            return Long.toString(value.asLong() == 0 ? 1 : value.asLong() / 2);
        }
        if (entry.flag().equals("stop-confidence")) {
            return "0.9"; // a probability of at least 0.5
        }
        return Double.toString(value.asDouble() == 0 ? 0.5 : value.asDouble() / 2);
    }

    @Test
    void noOptionsGiveTheDefaults() {
        TrainingConfig config = parse();
        assertEquals(DEFAULTS, config);
        assertEquals("CartPole-v1", config.id());
        assertEquals(32, config.algorithm().envsPerWorker());
        assertEquals(5, config.algorithm().rolloutSteps());
        assertEquals(OptimizerKind.RMSPROP, config.optimizer().kind());
        assertEquals(2e-3, config.optimizer().learningRate());
        assertTrue(config.optimizer().annealLearningRate());
        assertEquals(475.0, config.schedule().targetReturn(), "the environment's reward threshold");
        assertEquals(3_000_000L, config.schedule().maxSteps());
        assertEquals(new PolicyConfig("mlp", List.of(64, 64), "tanh", 0), config.policy());
    }

    @Test
    void stickyActionsAreForAtariGames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--sticky-actions", "0.25"));
        assertTrue(e.getMessage().contains("sticky actions are for Atari games"), e.getMessage());
    }

    @Test
    void livesAreForAtariGames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--life-loss-terminal"));
        assertTrue(e.getMessage().contains("lives are for Atari games"), e.getMessage());
    }

    @Test
    void environmentArgumentsAreForGymnasiumIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--env-kwargs", "{\"sutton_barto_reward\": true}"));
        assertTrue(e.getMessage().contains("environment arguments are for gymnasium: ids"), e.getMessage());
    }

    @Test
    void everySettingsOptionChangesItsFieldAndNothingElse() {
        ObjectNode defaults = DEFAULTS.toTree();
        int checked = 0;
        for (ConfigSchema.Entry entry : ConfigSchema.entries()) {
            if (entry.flag().equals("env") || entry.flag().equals("torso")) {
                continue; // they bring other defaults with them: see below
            }
            if (entry.flag().equals("sticky-actions") || entry.flag().equals("life-loss-terminal")) {
                continue; // for Atari games only: see stickyActionsAreForAtariGames
            }
            JsonNode before = defaults.get(entry.group()).get(entry.component().getName());
            String value = another(entry, before);
            ObjectNode after = (entry.isBoolean()
                    ? parse(value.equals("true") ? "--" + entry.flag() : "--no-" + entry.flag())
                    : parse("--" + entry.flag(), value)).toTree();
            assertEquals(entry.parse(value), after.get(entry.group()).get(entry.component().getName()), entry.flag());
            assertNotEquals(before, after.get(entry.group()).get(entry.component().getName()), entry.flag());
            ((ObjectNode) after.get(entry.group())).set(entry.component().getName(), before);
            assertEquals(defaults, after, "--" + entry.flag() + " changed other settings too");
            checked++;
        }
        assertEquals(ConfigSchema.entries().size() - 4, checked);
    }

    @Test
    void optionsCombineAndAcceptOtherSpellings() {
        TrainingConfig config = parse("--lr", "1e-3", "--optimizer", "ADAM", "--max-steps", "6e5", "--target-return", "NONE",
                "--envs-per-worker", "8", "--hidden", "128", "--checkpoint-interval", "2m", "--eval-every", "2.5s");
        assertEquals(1e-3, config.optimizer().learningRate());
        assertEquals(OptimizerKind.ADAM, config.optimizer().kind());
        assertEquals(600_000L, config.schedule().maxSteps());
        assertNull(config.schedule().targetReturn());
        assertEquals(8, config.algorithm().envsPerWorker());
        assertEquals(List.of(128), config.policy().hidden());
        assertEquals(Duration.ofMinutes(2), config.schedule().checkpointInterval());
        assertEquals(Duration.ofMillis(2500), config.evaluation().every().time());
        assertEquals(DEFAULTS.with("--lr 1e-3 --optimizer adam --max-steps 600000 --target-return none --envs-per-worker 8"
                + " --hidden 128 --checkpoint-interval 120 --eval-every 2.5s"), config);
    }

    @Test
    void aConfigurationFileIsTheBaseAndOptionsOverrideIt(@TempDir Path dir) throws Exception {
        TrainingConfig file = TrainingConfig.of("CartPole-v1", "--max-episode-steps 300 --envs-per-worker 4 --rollout-steps 10"
                + " --gamma 0.95 --gae-lambda 0.8 --entropy-coef 0.02 --value-loss-coef 0.4 --max-grad-norm 1 --lr 3e-4"
                + " --no-anneal-lr --optimizer adam --rms-decay 0.9 --adam-beta1 0.85 --adam-beta2 0.995 --optimizer-eps 1e-6"
                + " --max-steps 50000 --target-return 150 --seed 42 --hidden 32,32 --activation relu --lstm 16"
                + " --reward-scale 0.5 --reward-clip 3 --normalize-observations --max-staleness 4 --stale-pushes downweight"
                + " --checkpoint-interval 7s");
        Path path = dir.resolve("config.json");
        TrainingOptions.writeConfig(file, path);

        assertEquals(file, parse("--config", path.toString()), "the file alone: exactly its configuration");
        assertEquals(file.with("--lr 0.01 --rollout-steps 3"), parse("--config", path.toString(), "--lr", "0.01", "--rollout-steps", "3"));
        assertEquals(file.with("--target-return none"), parse("--target-return", "none", "--config", path.toString()));
        assertEquals(file, parse("--config", path.toString(), "--env", "CartPole-v1"), "naming the file's environment keeps the file's target");
        TrainingConfig other = parse("--config", path.toString(), "--env", "LunarLanderContinuous-v3");
        assertTrue(other.policy().stateDependentStd(), "another environment than the file's brings its own tuned policy");
        assertEquals(200.0, other.schedule().targetReturn(), "and its own target");
        assertEquals(4, other.algorithm().envsPerWorker(), "the rest is the file's");

        Path partial = Files.writeString(dir.resolve("partial.json"), "{\"environment\": {\"id\": \"Acrobot-v1\"},"
                + " \"algorithm\": {\"gamma\": 0.9}, \"optimizer\": {\"kind\": \"adam\"}}");
        assertEquals(TrainingConfig.of("Acrobot-v1", "--gamma 0.9 --optimizer adam"), parse("--config", partial.toString()),
                "a partial file: its environment's defaults for what it leaves out");
    }

    @Test
    void anUnreadableConfigurationFileIsABadArgument(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--config", missing.toString()));
        assertTrue(e.getMessage().startsWith("cannot read configuration " + missing), e.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"environment\": {\"id\": \"CartPole-v1\", \"gamma\": ");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--config", broken.toString()));
        assertTrue(e.getMessage().startsWith("cannot read configuration " + broken), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());

        Path unknown = Files.writeString(dir.resolve("unknown.json"), "{\"algorithm\": {\"colour\": \"red\"}}");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--config", unknown.toString()));
        assertTrue(e.getMessage().contains("unknown configuration field 'algorithm.colour'"), e.getMessage());

        Path invalid = dir.resolve("invalid.json");
        TrainingOptions.writeConfig(DEFAULTS, invalid);
        Files.writeString(invalid, Files.readString(invalid).replace("\"gamma\" : 0.99", "\"gamma\" : 3.0"));
        e = assertThrows(IllegalArgumentException.class, () -> parse("--config", invalid.toString()));
        assertTrue(e.getMessage().contains("gamma must be in [0, 1]"), e.getMessage());
        assertTrue(e.getMessage().startsWith(invalid.toString()), "names the file: " + e.getMessage());

        Path wrongType = Files.writeString(dir.resolve("type.json"), "{\"algorithm\": {\"gamma\": \"high\"}}");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--config", wrongType.toString()));
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(List.of("--lr", "-1"), "learning rate must be > 0, got -1.0"),
                Arguments.of(List.of("--lr", "0"), "learning rate must be > 0"),
                Arguments.of(List.of("--lr", "fast"), "Invalid value for option '--lr': must be a number, got 'fast'"),
                Arguments.of(List.of("--optimizer", "sgd"), "Invalid value for option '--optimizer': must be rmsprop or adam, got 'sgd'"),
                Arguments.of(List.of("--env", "Pong-v5"), "unknown environment 'Pong-v5'"),
                Arguments.of(List.of("--rms-decay", "1"), "rms decay must be in [0, 1), got 1.0"),
                Arguments.of(List.of("--adam-beta2", "-0.5"), "adam beta2 must be in [0, 1)"),
                Arguments.of(List.of("--optimizer-eps", "0"), "optimizer epsilon must be > 0"),
                Arguments.of(List.of("--gamma", "1.5"), "gamma must be in [0, 1], got 1.5"),
                Arguments.of(List.of("--initial-log-std", "-9"), "the initial log standard deviation must be in [-5, 2], got -9.0"),
                Arguments.of(List.of("--separate-critic", "--lstm", "16"), "a separate critic torso cannot be combined with an LSTM core (--lstm 16)"),
                Arguments.of(List.of("--envs-per-worker", "0"), "envs per worker must be in [1, 4096], got 0"),
                Arguments.of(List.of("--envs-per-worker", "1.5"), "Invalid value for option '--envs-per-worker': must be an integer, got '1.5'"),
                Arguments.of(List.of("--rollout-steps", "0"), "rollout steps must be in [1, 10000], got 0"),
                Arguments.of(List.of("--entropy-coef", "-0.1"), "entropy coefficient must be >= 0"),
                Arguments.of(List.of("--value-loss-coef", "-1"), "value loss coefficient must be >= 0"),
                Arguments.of(List.of("--max-grad-norm", "-1"), "max grad norm must be >= 0"),
                Arguments.of(List.of("--max-steps", "0"), "max steps must be >= 1, got 0"),
                Arguments.of(List.of("--max-episode-steps", "-5"), "max episode steps must be >= 0"),
                Arguments.of(List.of("--target-return", "lots"), "must be a number or 'none', got 'lots'"),
                Arguments.of(List.of("--target-return", "NaN"), "target return must be finite"),
                Arguments.of(List.of("--hidden", "64,0"), "hidden layers must be a non-empty list of sizes >= 1"),
                Arguments.of(List.of("--activation", "sigmoid"), "activation must be one of [tanh, relu], got sigmoid"),
                Arguments.of(List.of("--checkpoint-interval", "0"), "must be a duration ('30', '30s', '5m', '1h'), got '0'"),
                Arguments.of(List.of("--eval-every", "soon"), "must be seconds ('30s') or updates ('500'), got 'soon'"),
                Arguments.of(List.of("--eval-every", "0s"), "must be seconds ('30s') or updates ('500'), got '0s'"),
                Arguments.of(List.of("--eval-actions", "best"), "must be greedy or sample, got 'best'"),
                Arguments.of(List.of("--stop-on", "both"), "must be train or eval, got 'both'"),
                Arguments.of(List.of("--stop-on", "eval", "--eval-episodes", "20"),
                        "--stop-on eval needs evaluations of at least 100 episodes (--eval-episodes), got 20"),
                Arguments.of(List.of("--eval-episodes", "-1"), "evaluation episodes must be in [0, 100000], got -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreUsageErrorsWithAClearMessage(List<String> args, String message) {
        List<String> line = new ArrayList<>(List.of("config"));
        line.addAll(args);
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine cli = A3cCommand.commandLine(Map.of());
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(out));
        assertEquals(2, cli.execute(line.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().contains(message), "message '" + err + "' should contain '" + message + "'");
        assertTrue(err.toString().lines().findFirst().orElse("").contains(message), "the first line says it: " + err);
    }

    @Test
    void evaluationOptionsOverrideTheEnvironmentsEvaluationDefaults() {
        EvaluationConfig cartPole = parse().evaluation();
        assertEquals(new EvaluationConfig(100, ActionSelection.GREEDY, Interval.ofSeconds(5),
                EvaluationConfig.StopRule.TRAIN, EvaluationConfig.AT_TARGET), cartPole);
        assertEquals(new EvaluationConfig(100, ActionSelection.SAMPLE, Interval.ofUpdates(500),
                EvaluationConfig.StopRule.EVAL, EvaluationConfig.AT_TARGET), parse("--eval-every", "500", "--eval-actions", "sample", "--stop-on", "eval")
                .evaluation());
        assertEquals(0, parse("--eval-episodes", "0").evaluation().episodes(), "0 turns evaluation off");
        assertEquals(new EvaluationConfig(10, ActionSelection.GREEDY, Interval.ofSeconds(300),
                EvaluationConfig.StopRule.TRAIN, EvaluationConfig.AT_TARGET), parse("--env", "MinAtar/Breakout-v1").evaluation(),
                "another environment brings its own evaluation defaults");
        assertEquals(new EvaluationConfig(100, ActionSelection.GREEDY, Interval.ofSeconds(5),
                EvaluationConfig.StopRule.EVAL, 0.95), parse("--env", "LunarLanderContinuous-v3").evaluation(),
                "the continuous lander stops on confirmations 95% sure (bench/delivered.sh llc-conf95-greedy)");
        assertEquals(new EvaluationConfig(100, ActionSelection.GREEDY, Interval.ofSeconds(15),
                EvaluationConfig.StopRule.EVAL, EvaluationConfig.AT_TARGET), parse("--env", "LunarLander-v3").evaluation(),
                "LunarLander stops on 100 fresh greedy episodes (bench/delivered.sh lunarlander-stop-on-eval)");
        assertEquals(new EvaluationConfig(100, ActionSelection.SAMPLE, Interval.ofSeconds(5),
                EvaluationConfig.StopRule.EVAL, EvaluationConfig.AT_TARGET), parse("--env", "Acrobot-v1").evaluation(),
                "Acrobot stops on fresh sampled episodes (bench/delivered.sh acrobot-*)");
        assertEquals(EvaluationConfig.StopRule.TRAIN, parse("--env", "Acrobot-v1", "--stop-on", "train").evaluation().stopOn());
        assertEquals(0.99, parse("--stop-on", "eval", "--stop-confidence", "0.99").evaluation().stopConfidence());
    }

    @Test
    void thePolicyFollowsTheEnvironmentUnlessOptionsSayOtherwise() {
        TrainingConfig minatar = parse("--env", "MinAtar/Breakout-v1");
        assertEquals(new PolicyConfig("cnn", List.of(128), "relu", 0), minatar.policy());
        assertEquals("gaussian", parse("--env", "Pendulum-v1").networkSpec().head().kind().name().toLowerCase());
        assertEquals(new PolicyConfig("mlp", List.of(64, 64), "tanh", 0), parse("--env", "MinAtar/Breakout-v1", "--torso", "mlp").policy(),
                "another torso brings its own layers");
        assertEquals(new PolicyConfig("mlp", List.of(32), "relu", 0),
                parse("--env", "MinAtar/Breakout-v1", "--torso", "mlp", "--hidden", "32", "--activation", "relu").policy(),
                "unless they are given too");
        assertEquals(new PolicyConfig("cnn", List.of(128), "relu", 32), parse("--env", "MinAtar/Breakout-v1", "--lstm", "32").policy());
        assertEquals(DEFAULTS, parse("--torso", "mlp"), "the same torso keeps everything");
    }

    @Test
    void minAtarGamesStartFromTheirTunedSettings() {
        TrainingConfig minatar = parse("--env", "MinAtar/SpaceInvaders-v1");
        assertEquals(0.05, minatar.algorithm().entropyCoef());   // the suite's finding: 0.01 plateaued on Breakout
        assertEquals(40, minatar.algorithm().maxGradNorm());
        assertEquals(5_000_000L, minatar.schedule().maxSteps());
        assertEquals(0.01, parse("--env", "MinAtar/SpaceInvaders-v1", "--entropy-coef", "0.01").algorithm().entropyCoef());
        // Freeway is the exception: 0.05 halved its score (29.1 at 5M frames against 56.8 at 2M with 0.01)
        assertEquals(0.01, parse("--env", "MinAtar/Freeway-v1").algorithm().entropyCoef());
        assertEquals(0.01, parse("--env", "MinAtar/Freeway-v0").algorithm().entropyCoef());
        assertEquals(40, parse("--env", "MinAtar/Freeway-v0").algorithm().maxGradNorm());
        assertEquals(0.05, parse("--env", "MinAtar/Asterix-v0").algorithm().entropyCoef());
    }

    @Test
    void environmentsBringTheirTunedHyperParameters() {
        TrainingConfig lander = parse("--env", "LunarLander-v3");
        assertEquals(0.995, lander.algorithm().gamma());
        assertEquals(0.01, lander.environment().rewardScale());
        assertEquals(40.0, lander.algorithm().maxGradNorm());
        assertEquals(10_000_000L, lander.schedule().maxSteps());
        assertEquals(0.9, parse("--env", "LunarLander-v3", "--gamma", "0.9").algorithm().gamma(), "options still win");
        TrainingConfig pendulum = parse("--env", "Pendulum-v1");
        assertTrue(pendulum.environment().normalizeObservations());
        assertNull(pendulum.schedule().targetReturn(), "Pendulum-v1 has no reward threshold");
        assertEquals(DEFAULTS.algorithm().gamma(), parse("--env", "MountainCar-v0").algorithm().gamma(), "no tuning: the generic defaults");
        TrainingConfig continuousLander = parse("--env", "LunarLanderContinuous-v3");
        assertTrue(continuousLander.policy().stateDependentStd(), "the continuous lander needs state-dependent noise to come to rest");
        assertEquals(-1.6, continuousLander.policy().initialLogStd());
        assertEquals(40, continuousLander.algorithm().rolloutSteps());
        assertEquals(0.98, continuousLander.algorithm().gaeLambda());
        assertEquals(0.999, continuousLander.algorithm().gamma(), "a landing's +100 counts from the first step");
        assertEquals(EvaluationConfig.StopRule.EVAL, continuousLander.evaluation().stopOn(), "stops on fresh episodes");
        assertEquals(0.5, continuousLander.algorithm().maxGradNorm(), "outlying gradients cut");
        assertEquals(0.0, continuousLander.algorithm().entropyCoef(), "no entropy bonus: it kept the lander's noise too wide");
        assertEquals(5, lander.algorithm().rolloutSteps(), "others keep the paper's t_max");
        assertEquals(1.0, lander.algorithm().gaeLambda());
        assertFalse(parse("--env", "LunarLanderContinuous-v3", "--no-state-dependent-std").policy().stateDependentStd());
        assertFalse(pendulum.policy().stateDependentStd());
    }

    @Test
    void theConfigCommandPrintsTheConfigurationARunWouldGet() {
        StringWriter out = new StringWriter();
        CommandLine cli = A3cCommand.commandLine(Map.of("A3C_GAMMA", "0.9"));
        cli.setOut(new PrintWriter(out));
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true));
        try {
            assertEquals(0, cli.execute("config", "--env", "Acrobot-v1", "--lr", "1e-3"));
        } finally {
            System.setOut(saved);
        }
        assertEquals(TrainingConfig.of("Acrobot-v1", "--gamma 0.9 --lr 1e-3"), TrainingConfig.fromJson(bytes.toString()));
    }
}

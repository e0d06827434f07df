package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** {@link EnvironmentDefaults}: {@code --foo-bar} from {@code A3C_FOO_BAR}, under flags and over built-in defaults. */
class EnvironmentDefaultsTest {

    /** Parses {@code args} with {@code environment} and returns the subcommand's object. */
    @SuppressWarnings("unchecked")
    static <T> T parse(Map<String, String> environment, String... args) {
        CommandLine.ParseResult result = A3cCommand.commandLine(environment).parseArgs(args);
        return (T) result.subcommand().commandSpec().userObject();
    }

    @Test
    void variableNamesComeFromTheLongestOptionName() {
        CommandLine cli = A3cCommand.commandLine(Map.of());
        CommandLine server = cli.getSubcommands().get("server");
        assertEquals("A3C_HTTP_PORT", EnvironmentDefaults.variableName(server.getCommandSpec().findOption("--http-port")));
        assertEquals("A3C_MAX_STEPS", EnvironmentDefaults.variableName(server.getCommandSpec().findOption("--max-steps")));
        assertEquals("A3C_ANNEAL_LR", EnvironmentDefaults.variableName(server.getCommandSpec().findOption("--anneal-lr")));
        assertEquals("A3C_TOKEN_FILE", EnvironmentDefaults.variableName(server.getCommandSpec().findOption("--token-file")));
    }

    @Test
    void aVariableSetsAnOptionThatTheCommandLineLeavesOut() {
        ServerCommand server = parse(Map.of("A3C_PORT", "50999", "A3C_HTTP_PORT", "9090", "A3C_RUN_DIR", "/data/run",
                "A3C_LR", "0.0125", "A3C_ENV", "Acrobot-v1", "A3C_TARGET_RETURN", "none"), "server");
        assertEquals(50999, server.port);
        assertEquals(9090, server.httpPort);
        assertEquals(Path.of("/data/run"), server.runDir);
        TrainingConfig config = server.training.toConfig();
        assertEquals("Acrobot-v1", config.environment().id());
        assertEquals(0.0125, config.optimizer().learningRate());
        assertNull(config.schedule().targetReturn());
    }

    @Test
    void aFlagWinsOverItsVariable() {
        ServerCommand server = parse(Map.of("A3C_PORT", "50999", "A3C_LR", "0.0125"), "server", "--port", "7000", "--lr", "0.5");
        assertEquals(7000, server.port);
        assertEquals(0.5, server.training.toConfig().optimizer().learningRate());
    }

    @Test
    void withoutAVariableTheBuiltInDefaultStays() {
        ServerCommand server = parse(Map.of("A3C_UNRELATED", "1"), "server");
        assertEquals(50051, server.port);
        assertEquals(8080, server.httpPort);
        assertEquals(Path.of("runs/server"), server.runDir);
        assertEquals(TrainingConfig.defaults("CartPole-v1"), server.training.toConfig());
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        ServerCommand server = parse(Map.of("A3C_PORT", "", "A3C_ENV", ""), "server");
        assertEquals(50051, server.port);
        assertEquals("CartPole-v1", server.training.toConfig().id());
    }

    @Test
    void aRequiredOptionCanComeFromItsVariable() {
        WorkerCommand worker = parse(Map.of("A3C_SERVER", "server:50051", "A3C_RETRY_FOR", "5"), "worker");
        assertEquals("server:50051", worker.server);
        assertEquals(5.0, worker.retrySeconds);
        assertThrows(CommandLine.MissingParameterException.class, () -> parse(Map.of(), "worker"));
    }

    @Test
    void booleansListsAndNegatableFlags() {
        ServerCommand server = parse(Map.of("A3C_RESUME", "true", "A3C_ANNEAL_LR", "false", "A3C_HIDDEN", "32,16",
                "A3C_NORMALIZE_OBSERVATIONS", "true"), "server");
        assertTrue(server.resume);
        TrainingConfig config = server.training.toConfig();
        assertFalse(config.optimizer().annealLearningRate());
        assertEquals(List.of(32, 16), config.policy().hidden());
        assertTrue(config.environment().normalizeObservations());

        ServerCommand flagged = parse(Map.of("A3C_ANNEAL_LR", "false", "A3C_HIDDEN", "32,16"), "server", "--anneal-lr",
                "--hidden", "8");
        assertTrue(flagged.training.toConfig().optimizer().annealLearningRate());
        assertEquals(List.of(8), flagged.training.toConfig().policy().hidden());

        assertFalse(((ServerCommand) parse(Map.of("A3C_RESUME", "false"), "server")).resume);
    }

    @Test
    void theSameVariableReachesEveryCommandThatHasTheOption() {
        Map<String, String> environment = Map.of("A3C_ENTROPY_COEF", "0.05", "A3C_RUN_DIR", "/data/x");
        TrainCommand train = parse(environment, "train");
        ServerCommand server = parse(environment, "server");
        assertEquals(0.05, train.training.toConfig().algorithm().entropyCoef());
        assertEquals(0.05, server.training.toConfig().algorithm().entropyCoef());
        assertEquals(Path.of("/data/x"), train.runDir);
        assertEquals(Path.of("/data/x"), server.runDir);
    }

    @Test
    void aMalformedValueIsAUsageErrorNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine cli = A3cCommand.commandLine(Map.of("A3C_PORT", "fifty"));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("server"));
        assertTrue(err.toString().startsWith("Invalid value for option '--port': 'fifty' is not an int "
                + "(from the environment variable A3C_PORT)"), err.toString());

        StringWriter flagErr = new StringWriter();
        CommandLine flagged = A3cCommand.commandLine(Map.of("A3C_PORT", "fifty"));
        flagged.setErr(new PrintWriter(flagErr));
        assertEquals(2, flagged.execute("server", "--port", "fifty"));
        assertFalse(flagErr.toString().contains("A3C_PORT"), "a flag's bad value is the flag's: " + flagErr);
    }

    @Test
    void helpAndVersionAreNotReadFromTheEnvironment() {
        StringWriter out = new StringWriter();
        CommandLine cli = A3cCommand.commandLine(Map.of("A3C_HELP", "true", "A3C_VERSION", "true", "A3C_SERVER", "x"));
        cli.setOut(new PrintWriter(out));
        CommandLine.ParseResult result = cli.parseArgs("worker");
        assertFalse(result.subcommand().isUsageHelpRequested());
        assertFalse(result.subcommand().isVersionHelpRequested());
    }

    @Test
    void helpNamesTheVariablesAndShowsTheirValues() {
        StringWriter out = new StringWriter();
        CommandLine cli = A3cCommand.commandLine(Map.of("A3C_PORT", "50999"));
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("server", "--help"));
        assertTrue(out.toString().contains("A3C_FOO_BAR"), out.toString());
        assertTrue(out.toString().contains("(default: 50999)"), out.toString());

        StringWriter top = new StringWriter();
        CommandLine root = A3cCommand.commandLine(Map.of());
        root.setOut(new PrintWriter(top));
        assertEquals(0, root.execute("--help"));
        assertTrue(top.toString().contains("A3C_FOO_BAR"), top.toString());
    }

    @Test
    void noTwoOptionsOfACommandShareAVariable() {
        List<CommandLine> commands = new java.util.ArrayList<>(List.of(A3cCommand.commandLine(Map.of())));
        for (int i = 0; i < commands.size(); i++) {
            CommandLine command = commands.get(i);
            commands.addAll(command.getSubcommands().values());
            Set<String> names = new HashSet<>();
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertTrue(names.add(EnvironmentDefaults.variableName(option)),
                        command.getCommandName() + ": two options map to " + EnvironmentDefaults.variableName(option));
            }
        }
        assertTrue(commands.size() > 5, "visited the subcommands");
    }
}

package dev.a3c.cli;

import dev.a3c.network.NativeKernels;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code a3c} command. */
@Command(name = "a3c",
        mixinStandardHelpOptions = true,
        versionProvider = A3cCommand.Version.class,
        description = "Distributed Asynchronous Advantage Actor-Critic (A3C): a parameter server and worker JVMs over gRPC.",
        subcommands = {TrainCommand.class, ServerCommand.class, ConfigCommand.class, WorkerCommand.class, PlayCommand.class, PlotCommand.class,
                EnvCommand.class, NativesCommand.class, CommandLine.HelpCommand.class})
public final class A3cCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // plots and replays are drawn off screen: never reach for a display (a stale DISPLAY would fail them)
        System.setProperty("java.awt.headless", "true");
        NativeKernels.select();   // before anything loads ND4J
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage). */
    public static int execute(String... args) {
        return commandLine(System.getenv()).execute(args);
    }

    /**
     * The {@code a3c} command line with every subcommand, its options also read from {@code environment}
     * ({@code --foo-bar} from {@code A3C_FOO_BAR}, see {@link EnvironmentDefaults}).
     */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cli = new CommandLine(new A3cCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("a3c: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        cli.getSubcommands().values().forEach(sub -> {
            if (sub.getCommand() instanceof TrainingOptions.Configured configured) {
                configured.training().addSettingOptions(sub.getCommandSpec());
            }
        });
        EnvironmentDefaults defaults = new EnvironmentDefaults(environment);
        cli.setDefaultValueProvider(defaults);
        cli.setParameterExceptionHandler((e, args) -> {
            // a bad value from a variable names the variable: the command line alone does not explain it
            PrintWriter err = e.getCommandLine().getErr();
            err.println(e.getMessage() + defaults.origin(e.getArgSpec(), e.getValue(), args));
            if (e.getCause() instanceof CommandLine.TypeConversionException) {
                // a value of the wrong form: the line above says which and why; the whole usage would bury it
                return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
            }
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                e.getCommandLine().usage(err);
            }
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        String footer = "%nEvery option --foo-bar can also be set with the environment variable " + EnvironmentDefaults.PREFIX
                + "FOO_BAR; a flag on the command line wins.";
        cli.getCommandSpec().usageMessage().footer(footer);
        cli.getSubcommands().values().forEach(sub -> addFooter(sub, footer));
        return cli;
    }

    /** The footer for {@code cli} and its subcommands that have options besides --help and --version. */
    private static void addFooter(CommandLine cli, String footer) {
        boolean hasOptions = cli.getCommandSpec().options().stream().anyMatch(o -> !o.usageHelp() && !o.versionHelp());
        if (hasOptions) {
            cli.getCommandSpec().usageMessage().footer(footer);
        }
        cli.getSubcommands().values().forEach(sub -> addFooter(sub, footer));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The program version, from the jar's manifest when packaged. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"a3c " + programVersion()};
        }
    }

    public static String programVersion() {
        String version = A3cCommand.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}

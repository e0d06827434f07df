package dev.a3c.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code a3c} command. */
@Command(name = "a3c",
        mixinStandardHelpOptions = true,
        versionProvider = A3cCommand.Version.class,
        description = "Distributed Asynchronous Advantage Actor-Critic (A3C): a parameter server and worker JVMs over gRPC.",
        subcommands = {TrainCommand.class, ServerCommand.class, WorkerCommand.class, PlayCommand.class, PlotCommand.class,
                EnvCommand.class, CommandLine.HelpCommand.class})
public final class A3cCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // plots and replays are drawn off screen: never reach for a display (a stale DISPLAY would fail them)
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad usage). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new A3cCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("a3c: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
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

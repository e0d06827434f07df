package dev.a3c.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values from environment variables: the option {@code --foo-bar} of every subcommand reads
 * the variable {@code A3C_FOO_BAR}. A flag on the command line wins over the variable, and the
 * variable over the built-in default (picocli asks a default provider only for options the command
 * line did not give). An unset or empty variable is no value. {@code --help} and {@code --version}
 * are not read from the environment.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    /** The prefix of every variable. */
    static final String PREFIX = "A3C_";

    private final Map<String, String> environment;

    /** Reads values from {@code environment}, usually {@link System#getenv()}. */
    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String value = environment.get(variableName(option));
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * " (from the environment variable A3C_FOO_BAR)" when {@code value} of {@code argument} came from its
     * variable rather than from {@code args}, else "".
     */
    String origin(ArgSpec argument, String value, String[] args) {
        if (!(argument instanceof OptionSpec option) || value == null || !value.equals(defaultValue(option))) {
            return "";
        }
        for (String arg : args) {
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return "";
                }
            }
        }
        return " (from the environment variable " + variableName(option) + ")";
    }

    /** {@code --foo-bar} → {@code A3C_FOO_BAR}, from the option's longest name. */
    static String variableName(OptionSpec option) {
        String name = option.longestName().replaceFirst("^-+", "");
        return PREFIX + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}

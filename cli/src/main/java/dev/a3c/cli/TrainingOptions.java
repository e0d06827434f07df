package dev.a3c.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.config.ConfigLayers;
import dev.a3c.config.ConfigSchema;
import dev.a3c.config.Json;
import dev.a3c.config.TrainingConfig;
import dev.a3c.env.Environments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The options that define a training run, shared by {@code train}, {@code server} and {@code config}: {@code --config}
 * and one option per setting of {@link ConfigSchema}, generated from the configuration records.
 */
final class TrainingOptions {

    /** A command that takes the training options. */
    interface Configured {
        TrainingOptions training();
    }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Start from this configuration file (JSON, complete as a run's config.json or partial); "
                    + "options given as well override it.")
    Path configFile;

    /** Setting options given (on the command line or in their variables): option name to text. */
    private final Map<String, String> given = new LinkedHashMap<>();

    /** Adds an option for every setting to {@code command}, whose values this object collects. */
    void addSettingOptions(CommandSpec command) {
        command.resourceBundle(new SettingHelp());
        for (ConfigSchema.Entry entry : ConfigSchema.entries()) {
            OptionSpec.Builder option = OptionSpec.builder("--" + entry.flag()).hasInitialValue(false)
                    .description(entry.doc())
                    .descriptionKey(SettingHelp.PREFIX + entry.flag())
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value != null) {
                                given.put(entry.flag(), value.toString());
                            }
                            return null;
                        }
                    });
            if (entry.isBoolean()) {
                option.type(boolean.class).arity("0").negatable(true);
            } else {
                option.type(String.class).arity("1").converters(text -> {
                    try {
                        entry.parse(text);
                        return text;
                    } catch (IllegalArgumentException e) {
                        // picocli names the option itself: "Invalid value for option '--lr': must be a number, ..."
                        throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^--" + entry.flag() + " ", ""));
                    }
                });
                option.paramLabel(label(entry));
            }
            command.addOption(option.build());
        }
    }

    /**
     * The help text of the setting options, with their defaults: computed when help is shown, not
     * when a command starts (the defaults of every environment take a fifth of a second to build).
     */
    private static final class SettingHelp extends java.util.ResourceBundle {
        static final String PREFIX = "a3c.setting.";
        private static final java.util.Set<String> KEYS = ConfigSchema.entries().stream().map(e -> PREFIX + e.flag())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());

        @Override
        protected Object handleGetObject(String key) {
            if (!KEYS.contains(key)) {
                return null;
            }
            ConfigSchema.Entry entry = ConfigSchema.byFlag(key.substring(PREFIX.length()));
            return entry.doc() + " " + defaultText(entry);
        }

        @Override
        protected java.util.Set<String> handleKeySet() {
            return KEYS;
        }

        @Override
        public java.util.Enumeration<String> getKeys() {
            return java.util.Collections.enumeration(KEYS);
        }
    }

    /** Every environment's defaults, as JSON trees, in the order of {@link Environments#ids()}. */
    private static final class Defaults {
        static final Map<String, JsonNode> TREES = load();

        private static Map<String, JsonNode> load() {
            Map<String, JsonNode> trees = new LinkedHashMap<>();
            for (String id : Environments.ids()) {
                trees.put(id, TrainingConfig.defaults(id).toTree());
            }
            return trees;
        }
    }

    /** "(default: 0.99)", or "(default: 0.99 for CartPole-v1; varies by environment)" when some environment's differs. */
    static String defaultText(ConfigSchema.Entry entry) {
        if (entry.flag().equals("env")) {
            return "(default: " + ConfigLayers.DEFAULT_ENV + ")";
        }
        String reference = format(entry, Defaults.TREES.get(ConfigLayers.DEFAULT_ENV));
        boolean varies = Defaults.TREES.values().stream().anyMatch(tree -> !Objects.equals(reference, format(entry, tree)));
        return varies ? "(default: " + reference + " for " + ConfigLayers.DEFAULT_ENV + "; varies by environment)"
                : "(default: " + reference + ")";
    }

    /** The text of {@code entry}'s value in a configuration's JSON tree. */
    static String format(ConfigSchema.Entry entry, JsonNode config) {
        return entry.format(config.get(entry.group()).get(entry.component().getName()));
    }

    /** The placeholder of an option's value: the setting's own, else from its type. */
    static String label(ConfigSchema.Entry entry) {
        if (!entry.label().isEmpty()) {
            return entry.label();
        }
        Class<?> type = entry.component().getType();
        if (type.isEnum()) {
            return java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT))
                    .collect(java.util.stream.Collectors.joining("|"));
        }
        return type == double.class || type == Double.class ? "X" : "N";
    }

    /** The configuration: the environment's defaults, then the file's, then the options given. */
    TrainingConfig toConfig() {
        JsonNode file = null;
        if (configFile != null) {
            try {
                file = Json.mapper().readTree(configFile.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration " + configFile + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        try {
            return ConfigLayers.resolve(file, given);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((configFile != null ? configFile + ": " : "") + e.getMessage(), e);
        }
    }

    /** The options given, as option name to text (for tests). */
    Map<String, String> given() {
        return Map.copyOf(given);
    }

    static void writeConfig(TrainingConfig config, Path file) {
        dev.a3c.server.run.RunFolder.writeAtomically(file, config.toJson());
    }

    /** Every setting option's name, with --: what the documentation must mention. */
    static List<String> optionNames() {
        return ConfigSchema.entries().stream().map(e -> "--" + e.flag()).toList();
    }
}

package dev.a3c.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Environments;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration from layers, each one over the one before: the generic defaults, the
 * environment's {@link Tuning}, a file (complete or partial JSON), then options (from variables
 * and the command line). Each layer is a JSON tree; options go through {@link ConfigSchema}.
 */
public final class ConfigLayers {

    /** The environment when no layer names one. */
    public static final String DEFAULT_ENV = "CartPole-v1";

    private static final ObjectMapper JSON = Json.mapper();

    private ConfigLayers() {}

    /** The defaults of every environment, before its tuning: the network follows from its spaces, the target from its threshold. */
    static TrainingConfig generic(String env) {
        EnvironmentSpec spec = Environments.spec(env);
        return new TrainingConfig(EnvironmentConfig.of(env), AlgorithmConfig.DEFAULTS, PolicyConfig.forEnvironment(spec),
                OptimizerConfig.DEFAULTS, ScheduleConfig.of(spec.rewardThreshold()), EvaluationConfig.DEFAULTS);
    }

    /** An environment's defaults: {@link #generic} with {@link Tuning#forEnvironment}. */
    public static TrainingConfig defaults(String env) {
        return TrainingConfig.fromTree(apply(generic(env).toTree(), Flags.parse(Tuning.forEnvironment(env))));
    }

    /**
     * The configuration of a run: the defaults of its environment, then {@code file} (a JSON tree, complete or
     * partial; null for none), then {@code options} (option name without {@code --} to its text).
     *
     * <p>The environment is the options' {@code --env}, else the file's, else {@link #DEFAULT_ENV}. A file written
     * for another environment keeps everything but its network, target and evaluation, which belong to its
     * environment.
     */
    public static TrainingConfig resolve(JsonNode file, Map<String, String> options) {
        String fileEnv = file == null ? null : file.path("environment").path("id").asText(null);
        String env = options.getOrDefault("env", fileEnv != null ? fileEnv : DEFAULT_ENV);
        ObjectNode tree = defaults(env).toTree();
        if (file != null) {
            if (!file.isObject()) {
                throw new IllegalArgumentException("a configuration file holds one JSON object");
            }
            ObjectNode layer = file.deepCopy();
            if (fileEnv != null && !fileEnv.equals(env)) {
                layer.remove("policy");
                layer.remove("evaluation");
                if (layer.get("schedule") instanceof ObjectNode schedule) {
                    schedule.remove("targetReturn");
                }
            }
            merge(tree, layer, "");
        }
        return TrainingConfig.fromTree(apply(tree, options));
    }

    /**
     * {@code tree} with these options set. Another torso brings its own layers and activation
     * ({@link PolicyConfig#forTorso}) unless the options give them too.
     */
    static ObjectNode apply(ObjectNode tree, Map<String, String> options) {
        Map<String, String> ordered = new LinkedHashMap<>();
        if (options.containsKey("torso")) {
            ordered.put("torso", options.get("torso"));
        }
        ordered.putAll(options);
        for (Map.Entry<String, String> option : ordered.entrySet()) {
            ConfigSchema.Entry entry = ConfigSchema.byFlag(option.getKey());
            JsonNode value = entry.parse(option.getValue());
            ObjectNode group = (ObjectNode) tree.get(entry.group());
            if (entry.flag().equals("torso") && !value.asText().equalsIgnoreCase(group.path("torso").asText())) {
                PolicyConfig own = PolicyConfig.forTorso(value.asText());
                group.set("hidden", JSON.valueToTree(own.hidden()));
                group.put("activation", own.activation());
            }
            group.set(entry.component().getName(), value);
        }
        return tree;
    }

    /** Copies {@code layer} over {@code base}, object by object; a field the base lacks is refused. */
    private static void merge(ObjectNode base, ObjectNode layer, String path) {
        layer.properties().forEach(field -> {
            String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode existing = base.get(field.getKey());
            if (existing == null) {
                throw new IllegalArgumentException("unknown configuration field '" + name + "'");
            }
            if (existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) field.getValue(), name);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
    }
}

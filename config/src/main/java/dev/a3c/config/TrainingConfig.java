package dev.a3c.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.learning.LinearSchedule;

/**
 * Everything that defines a training run, in groups; validated where it is built. The JSON form
 * (a run's {@code config.json}, {@code --config}, the workers' copy) has one object per group.
 * {@link ConfigSchema} lists every setting; {@link ConfigLayers} builds a configuration from
 * defaults, files, variables and options.
 *
 * @param environment the environment and what the learner sees of it
 * @param algorithm the A3C update and the asynchrony the server accepts
 * @param policy the network
 * @param optimizer the shared optimizer
 * @param schedule budget, target, seed, checkpoints
 * @param evaluation how the server evaluates the global network beside training, and what stops training
 */
public record TrainingConfig(
        EnvironmentConfig environment,
        AlgorithmConfig algorithm,
        PolicyConfig policy,
        OptimizerConfig optimizer,
        ScheduleConfig schedule,
        EvaluationConfig evaluation) {

    private static final ObjectMapper JSON = Json.mapper();

    public TrainingConfig {
        Checks.require(environment != null && algorithm != null && policy != null && optimizer != null && schedule != null
                && evaluation != null, "every group of the configuration must be set");
        policy.networkSpec(environment.spec()); // checks that the network fits the environment
    }

    /** An environment's defaults: the generic ones with its {@link Tuning}. */
    public static TrainingConfig defaults(String env) {
        return ConfigLayers.defaults(env);
    }

    /** An environment's defaults with these options applied, e.g. {@code "--envs-per-worker 4 --no-anneal-lr"}. */
    public static TrainingConfig of(String env, String options) {
        return defaults(env).with(options);
    }

    /** This configuration with these options applied, e.g. {@code "--lr 1e-3 --target-return none"}. */
    public TrainingConfig with(String options) {
        return fromTree(ConfigLayers.apply(toTree(), Flags.parse(options)));
    }

    public String id() {
        return environment.id();
    }

    public EnvironmentSpec environmentSpec() {
        return environment.spec();
    }

    public NetworkSpec networkSpec() {
        return policy.networkSpec(environment.spec());
    }

    public LinearSchedule learningRateSchedule() {
        return optimizer.schedule(schedule.maxSteps());
    }

    public LinearSchedule entropySchedule() {
        return algorithm.entropySchedule(schedule.maxSteps());
    }

    public ObjectNode toTree() {
        return JSON.valueToTree(this);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A complete configuration from its JSON form; every field must be there. */
    public static TrainingConfig fromJson(String json) {
        try {
            return fromTree(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a configuration: " + firstLine(e.getOriginalMessage()));
        }
    }

    /**
     * A complete configuration from a JSON tree (one written before a setting existed gets that setting's former
     * behaviour: {@link StoredConfigs}); a value a group refuses is an {@link IllegalArgumentException}.
     */
    public static TrainingConfig fromTree(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("a configuration is one JSON object");
        }
        try {
            return JSON.treeToValue(StoredConfigs.upgraded(tree), TrainingConfig.class);
        } catch (JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException refused) {
                    throw new IllegalArgumentException(refused.getMessage(), e);
                }
            }
            throw new IllegalArgumentException("invalid configuration: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}

package dev.a3c.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Configurations stored by an older a3c (checkpoints, model files, run folders, an older server's registration)
 * lack the settings added since. Each such setting is listed here with the value that does what a3c did before it
 * existed, and is filled in where it is missing, so that an older run resumes and an older model plays as before.
 * A JSON form is otherwise complete or refused ({@link TrainingConfig#fromTree}).
 */
public final class StoredConfigs {

    /** A setting added after configurations were first stored, and its value before it existed. */
    record Added(String group, String field, JsonNode before) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final List<Added> ADDED = List.of(
            // the environment bridge (December 2026): only built-in environments existed, none took arguments
            new Added("environment", "envKwargs", NODES.textNode("")),
            new Added("environment", "stickyActions", NODES.numberNode(0.0)),
            new Added("environment", "lifeLossTerminal", NODES.booleanNode(false)),
            // pixels to [0, 1] as the literature (December 2026): normalisation mapped every bounded value to [-1, 1]
            new Added("environment", "observationRange", NODES.textNode("SYMMETRIC")),
            // entropy schedules (December 2026): the weight was constant
            new Added("algorithm", "annealEntropy", NODES.booleanNode(false)),
            // observations standardized by running statistics (December 2026): observations reached the network as
            // the environment (and --normalize-observations) gave them
            new Added("environment", "standardizeObservations", NODES.booleanNode(false)),
            // bfloat16 on the wire (December 2026): weights and gradients travelled as float32
            new Added("algorithm", "wirePrecision", NODES.textNode("FLOAT32")),
            // confidence of confirmed evaluations (December 2026): a confirmation had only to reach the target
            new Added("evaluation", "stopConfidence", NODES.numberNode(EvaluationConfig.AT_TARGET)));

    private StoredConfigs() {}

    /** {@code config} (not changed) with every setting added since it was written filled in. */
    public static JsonNode upgraded(JsonNode config) {
        if (config == null || !config.isObject()) {
            return config;
        }
        ObjectNode copy = config.deepCopy();
        for (Added added : ADDED) {
            if (copy.get(added.group()) instanceof ObjectNode group && !group.has(added.field())) {
                group.set(added.field(), added.before());
            }
        }
        return copy;
    }
}

package dev.a3c.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The suite's results table (docs/results.md, made by {@code bench/seeds.sh}) holds for today's defaults: each of its
 * environments' configuration as the runs used it (docs/suite-configs.json, written by the script from the runs'
 * config.json, seed left out) is what {@code a3c train --env ENV} gives now. When a default changes, the table must be
 * made again (and this file copied from bench-runs/delivered/suite-configs.json).
 */
class SuiteDefaultsTest {

    private static final Path CONFIGS = Path.of("..", "docs", "suite-configs.json");

    /** The environments of the table: the five MinAtar games and the continuous lander. */
    private static final Set<String> SUITE = Set.of("MinAtar/Breakout-v1", "MinAtar/SpaceInvaders-v1",
            "MinAtar/Asterix-v1", "MinAtar/Seaquest-v1", "MinAtar/Freeway-v1", "LunarLanderContinuous-v3");

    @Test
    void theTableWasMadeWithTodaysDefaults() throws IOException {
        JsonNode stored = new ObjectMapper().readTree(Files.readString(CONFIGS));
        assertEquals(SUITE, fieldNames(stored), "environments of " + CONFIGS);
        for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String env = entry.getKey();
            assertEquals(TrainingConfig.defaults(env).toTree(), withTodaysSeed(env, entry.getValue().deepCopy()),
                    env + ": today's defaults are not the configuration the table's runs used");
        }
    }

    @Test
    void aChangedDefaultIsSeen() throws IOException {
        JsonNode stored = new ObjectMapper().readTree(Files.readString(CONFIGS));
        ObjectNode used = stored.get("MinAtar/Breakout-v1").deepCopy();
        ((ObjectNode) used.get("algorithm")).put("entropyCoef", 0.01);
        assertNotEquals(TrainingConfig.defaults("MinAtar/Breakout-v1").toTree(), withTodaysSeed("MinAtar/Breakout-v1", used));
    }

    /**
     * A run's configuration with the seed of {@code env}'s defaults (the seed is the table's variable, not a
     * default), through the record and back, so that it compares with the defaults' tree number type for type.
     */
    private static JsonNode withTodaysSeed(String env, ObjectNode used) {
        ((ObjectNode) used.get("schedule")).set("seed", TrainingConfig.defaults(env).toTree().get("schedule").get("seed"));
        return TrainingConfig.fromTree(used).toTree();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package dev.a3c.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.a3c.env.Environments;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration as data: its schema, its text forms, its layers and the per-environment tuning. */
class ConfigLayersTest {

    @Test
    void everyComponentOfEveryGroupIsADocumentedSettingWithItsOwnOption() {
        int components = Arrays.stream(TrainingConfig.class.getRecordComponents())
                .mapToInt(group -> group.getType().getRecordComponents().length).sum();
        assertEquals(components, ConfigSchema.entries().size());
        for (ConfigSchema.Entry e : ConfigSchema.entries()) {
            assertTrue(e.doc().endsWith("."), e.flag() + ": a sentence");
            assertTrue(e.flag().matches("[a-z][a-z0-9-]*"), e.flag());
            assertEquals(e, ConfigSchema.byFlag(e.flag()));
            assertEquals("A3C_" + e.flag().toUpperCase().replace('-', '_'), e.variable());
        }
        assertEquals("algorithm.entropyCoef", ConfigSchema.byFlag("entropy-coef").path());
        assertEquals("optimizer.learningRate", ConfigSchema.byFlag("lr").path());
        assertEquals(Arrays.stream(TrainingConfig.class.getRecordComponents()).map(RecordComponent::getName).toList(),
                ConfigSchema.groups());
    }

    @Test
    void everyEnvironmentsDefaultsRoundTripThroughJsonAndThroughTheirTextForms() {
        for (String id : Environments.ids()) {
            TrainingConfig defaults = TrainingConfig.defaults(id);
            assertEquals(defaults, TrainingConfig.fromJson(defaults.toJson()), id);
            JsonNode tree = defaults.toTree();
            for (ConfigSchema.Entry e : ConfigSchema.entries()) {
                JsonNode value = tree.get(e.group()).get(e.component().getName());
                assertEquals(value, e.parse(e.format(value)), id + " --" + e.flag() + " " + e.format(value));
            }
        }
    }

    @Test
    void everyTunedValueNamesASettingAndChangesIt() {
        for (String id : Environments.ids()) {
            JsonNode generic = ConfigLayers.generic(id).toTree();
            JsonNode tuned = TrainingConfig.defaults(id).toTree();
            for (Map.Entry<String, String> option : Flags.parse(Tuning.forEnvironment(id)).entrySet()) {
                ConfigSchema.Entry e = ConfigSchema.byFlag(option.getKey());
                assertNotEquals(generic.get(e.group()).get(e.component().getName()), tuned.get(e.group()).get(e.component().getName()),
                        id + ": --" + e.flag() + " " + option.getValue() + " is the generic default already");
            }
        }
    }

    @Test
    void optionsAreReadAsOnACommandLine() {
        assertEquals(Map.of("lr", "1e-3", "state-dependent-std", "true", "anneal-lr", "false", "initial-log-std", "-1.6"),
                Flags.parse("--lr 1e-3 --state-dependent-std --no-anneal-lr --initial-log-std -1.6"));
        assertEquals(Map.of("normalize-observations", "false"), Flags.parse("--normalize-observations false"));
        assertEquals(Map.of(), Flags.parse("  "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Flags.parse("--lr")).getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Flags.parse("--colour red")).getMessage()
                .contains("unknown setting --colour"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Flags.parse("lr 1")).getMessage().contains("expected an option"));
    }

    @Test
    void textFormsOfEachKind() {
        assertEquals("none", ConfigSchema.byFlag("target-return").format(ConfigSchema.byFlag("target-return").parse("None")));
        assertEquals("1e-5", ConfigSchema.byFlag("optimizer-eps").format(ConfigSchema.byFlag("optimizer-eps").parse("0.00001")));
        assertEquals("0.002", ConfigSchema.byFlag("lr").format(ConfigSchema.byFlag("lr").parse("2e-3")));
        assertEquals("5000000", ConfigSchema.byFlag("max-steps").format(ConfigSchema.byFlag("max-steps").parse("5e6")));
        assertEquals("adam", ConfigSchema.byFlag("optimizer").format(ConfigSchema.byFlag("optimizer").parse("Adam")));
        assertEquals("64,32", ConfigSchema.byFlag("hidden").format(ConfigSchema.byFlag("hidden").parse("64, 32")));
        assertEquals("90s", ConfigSchema.byFlag("checkpoint-interval").format(ConfigSchema.byFlag("checkpoint-interval").parse("1.5m")));
        assertEquals("PT1H", ConfigSchema.byFlag("checkpoint-interval").parse("1h").asText());
        assertEquals("500", ConfigSchema.byFlag("eval-every").format(ConfigSchema.byFlag("eval-every").parse("500")));
        assertEquals("2.5s", Interval.parse("2.5S").toString());
        assertEquals(Duration.ofSeconds(30), Interval.parse("30s").time());
        assertThrows(IllegalArgumentException.class, () -> ConfigSchema.byFlag("envs-per-worker").parse("3000000000"));
        assertThrows(IllegalArgumentException.class, () -> ConfigSchema.byFlag("separate-critic").parse("yes"));
        assertThrows(IllegalArgumentException.class, () -> Interval.parse("-3"));
    }

    @Test
    void aFileLayerOverTheDefaultsAndOptionsOverTheFile() throws Exception {
        JsonNode file = Json.mapper().readTree("{\"environment\": {\"id\": \"Pendulum-v1\", \"rewardScale\": 0.5},"
                + " \"schedule\": {\"seed\": 9}}");
        TrainingConfig config = ConfigLayers.resolve(file, Map.of("seed", "11", "gamma", "0.9"));
        assertEquals(TrainingConfig.of("Pendulum-v1", "--reward-scale 0.5 --seed 11 --gamma 0.9"), config);
        assertEquals(TrainingConfig.defaults(ConfigLayers.DEFAULT_ENV), ConfigLayers.resolve(null, Map.of()));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ConfigLayers.resolve(Json.mapper().readTree("{\"schedule\": {\"budget\": 3}}"), Map.of()));
        assertTrue(unknown.getMessage().contains("unknown configuration field 'schedule.budget'"), unknown.getMessage());
        IllegalArgumentException notObject = assertThrows(IllegalArgumentException.class,
                () -> ConfigLayers.resolve(Json.mapper().readTree("[1]"), Map.of()));
        assertTrue(notObject.getMessage().contains("one JSON object"), notObject.getMessage());
    }

    @Test
    void aCompleteDocumentIsRequiredWhereOneIsReceived() {
        String json = TrainingConfig.defaults("CartPole-v1").toJson();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.fromJson(json.replace("\"gamma\" : 0.99,", "")));
        assertTrue(missing.getMessage().contains("gamma"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson(json.replace("\"gamma\" : 0.99", "\"gamma\" : null")));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson("{}"));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson("nonsense"));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson(""));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromJson("[]"));
    }
}

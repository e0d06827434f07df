package dev.a3c.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Configurations an older a3c stored get the behaviour they had; anything else missing is still refused. */
class StoredConfigsTest {

    @Test
    void settingsAddedSinceGetTheirFormerBehaviour() {
        TrainingConfig current = TrainingConfig.defaults("CartPole-v1");
        ObjectNode old = current.toTree();
        for (StoredConfigs.Added added : StoredConfigs.ADDED) {
            ((ObjectNode) old.get(added.group())).remove(added.field());
        }
        ObjectNode before = old.deepCopy();
        assertEquals(current, TrainingConfig.fromTree(old));
        assertEquals(before, old, "the stored tree is not changed");
        EnvironmentConfig environment = TrainingConfig.fromTree(old).environment();
        assertEquals("", environment.envKwargs());
        assertEquals(0.0, environment.stickyActions());
        assertFalse(environment.lifeLossTerminal());
        assertEquals(dev.a3c.env.ObservationRange.SYMMETRIC, environment.observationRange(),
                "a model trained before the choice saw [-1, 1]");
    }

    @Test
    void everyOtherSettingMustStillBeThere() {
        ObjectNode tree = TrainingConfig.defaults("CartPole-v1").toTree();
        ((ObjectNode) tree.get("algorithm")).remove("gamma");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingConfig.fromTree(tree));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
    }
}

package dev.a3c.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.a3c.config.Json;
import java.io.IOException;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.learning.optim.OptimizerSettings;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.Dl4jUpdaters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class CheckpointFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsNetworkOptimizerStateAndCounters() throws Exception {
        for (OptimizerKind kind : OptimizerKind.values()) {
            NetworkSpec spec = NetworkSpec.mlp(4, 2, List.of(8), "tanh");
            ActorCriticNetwork net = ActorCriticNetwork.create(spec, 1, DataType.FLOAT,
                    Dl4jUpdaters.of(kind, 1e-3, OptimizerSettings.DEFAULTS));
            int stateSize = kind == OptimizerKind.ADAM ? 2 * net.parameterCount() : net.parameterCount();
            float[] optimizerState = new float[stateSize];
            for (int i = 0; i < stateSize; i++) {
                optimizerState[i] = i * 0.001f;
            }
            CheckpointState state = new CheckpointState(42, 12345, 17, List.of(10.0, 20.5), 15.25, 40, 3.5,
                    TrainingConfig.defaults("CartPole-v1"), null);
            Path file = dir.resolve("ckpt-" + kind.id() + ".zip");
            CheckpointFile.write(file, net.graph(), optimizerState, state);
            assertFalse(Files.exists(dir.resolve(file.getFileName() + ".tmp")));

            CheckpointFile.Contents contents = CheckpointFile.read(file);
            float[] before = new float[net.parameterCount()];
            net.parameters().get(before);
            float[] after = new float[net.parameterCount()];
            ActorCriticNetwork.wrap(spec, contents.graph()).parameters().get(after);
            assertArrayEquals(before, after);
            assertArrayEquals(optimizerState, contents.optimizerState());
            assertEquals(state, contents.state());
            assertEquals(state, CheckpointFile.readState(file));
        }
    }

    @Test
    void aCheckpointWrittenBeforeTheEnvironmentBridgeReadsWithTheBehaviourItHad() throws Exception {
        // its configuration has none of the settings the bridge brought (StoredConfigs.ADDED)
        CheckpointState state = new CheckpointState(42, 12345, 17, List.of(10.0, 20.5), 15.25, 40, 3.5,
                TrainingConfig.defaults("MinAtar/Breakout-v1"), null);
        ObjectNode tree = (ObjectNode) Json.mapper().valueToTree(state);
        ObjectNode environment = (ObjectNode) tree.get("config").get("environment");
        environment.remove(List.of("envKwargs", "stickyActions", "lifeLossTerminal"));
        assertEquals(state, CheckpointFile.state(Json.mapper().writeValueAsString(tree)));

        environment.remove("rewardClip");   // a setting every stored configuration has: missing, it is refused
        assertThrows(IOException.class, () -> CheckpointFile.state(Json.mapper().writeValueAsString(tree)));
    }

    @Test
    void keepsTheObservationMomentsAndReadsOlderStatesWithoutThem() throws Exception {
        ObservationMoments moments = new ObservationMoments(1280, new double[] {0.5, -1.25}, new double[] {12.5, 3.0});
        CheckpointState state = new CheckpointState(42, 12345, 17, List.of(10.0), 10.0, 40, 3.5,
                TrainingConfig.defaults("LunarLanderContinuous-v3"), moments);
        String json = Json.mapper().writeValueAsString(state);
        assertEquals(state, CheckpointFile.state(json));
        assertEquals(moments, CheckpointFile.state(json).observationMoments());

        ObjectNode tree = (ObjectNode) Json.mapper().readTree(json);
        tree.remove("observationMoments");   // as a3c wrote it before observations were standardized
        assertNull(CheckpointFile.state(Json.mapper().writeValueAsString(tree)).observationMoments());

        tree.set("observationMoments", Json.mapper().readTree("{\"count\": 3, \"mean\": [0, 0], \"m2\": [-1, 0]}"));
        assertThrows(IOException.class, () -> CheckpointFile.state(Json.mapper().writeValueAsString(tree)),
                "moments no observations could have");
    }
}

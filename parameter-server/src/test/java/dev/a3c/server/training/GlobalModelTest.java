package dev.a3c.server.training;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.decode;
import static dev.a3c.server.TestSupport.gradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.optim.Optimizer;
import dev.a3c.learning.optim.SharedRmsProp;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.Dl4jUpdaters;
import dev.a3c.server.TestSupport;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class GlobalModelTest {

    private final TrainingConfig config = TestSupport.config();
    private ActorCriticNetwork network;
    private GlobalModel model;

    @BeforeEach
    void create() {
        network = ActorCriticNetwork.create(config.networkSpec(), config.schedule().seed(), DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()));
        Optimizer optimizer = Optimizer.create(config.optimizer().kind(), network.parameterCount(), config.optimizer().settings());
        model = new GlobalModel(network, optimizer, 5);
    }

    @Test
    void applyStepsTheOptimizerAndIncrementsTheVersion() {
        assertEquals(5, model.version());
        assertEquals(PARAMETERS, model.parameterCount());
        float[] before = decode(model.snapshot().weights());
        float[] g = gradient(PARAMETERS, 0.1f);

        assertEquals(6, model.apply(FloatBuffer.wrap(g), 0.01));
        assertEquals(6, model.version());
        assertEquals(7, model.apply(FloatBuffer.wrap(g), 0.001));
        assertEquals(7, model.version());

        SharedRmsProp reference = new SharedRmsProp(PARAMETERS, config.optimizer().settings().rmsDecay(),
                config.optimizer().settings().epsilon());
        FloatBuffer expected = FloatBuffer.wrap(before.clone());
        reference.step(expected, FloatBuffer.wrap(g), 0.01);
        reference.step(expected, FloatBuffer.wrap(g), 0.001);
        assertArrayEquals(expected.array(), decode(model.snapshot().weights()));

        // the network itself holds the new weights (the model works on its live parameter view)
        float[] live = new float[PARAMETERS];
        network.parameters().get(live);
        assertArrayEquals(expected.array(), live);
    }

    @Test
    void snapshotIsCachedPerVersionAndNeverChanges() {
        GlobalModel.Snapshot first = model.snapshot();
        assertEquals(5, first.version());
        assertSame(first, model.snapshot(), "same version, same snapshot");
        assertSame(first.weights(), model.snapshot().weights());
        byte[] copy = first.weights().clone();

        model.apply(FloatBuffer.wrap(gradient(PARAMETERS, 0.1f)), 0.01);
        GlobalModel.Snapshot second = model.snapshot();
        assertNotSame(first, second);
        assertEquals(6, second.version());
        assertArrayEquals(copy, first.weights(), "an old snapshot is never modified");
        assertFalse(Arrays.equals(copy, second.weights()));
        assertSame(second, model.snapshot());
    }

    @Test
    void checkpointCopyIsIndependentOfLaterUpdates() {
        model.apply(FloatBuffer.wrap(gradient(PARAMETERS, 0.1f)), 0.01);
        GlobalModel.CheckpointCopy copy = model.copyForCheckpoint();
        assertEquals(6, copy.version());
        assertEquals(1, copy.optimizerSteps());
        assertEquals(PARAMETERS, copy.optimizerState().length);
        float[] saved = copy.graph().params().toFloatVector();
        assertArrayEquals(decode(model.snapshot().weights()), saved);

        model.apply(FloatBuffer.wrap(gradient(PARAMETERS, 0.1f)), 0.01);
        assertArrayEquals(saved, copy.graph().params().toFloatVector(), "the copy does not follow the model");
        assertFalse(Arrays.equals(saved, decode(model.snapshot().weights())));
    }
}

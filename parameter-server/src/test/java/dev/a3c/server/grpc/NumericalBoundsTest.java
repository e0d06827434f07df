package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.training.GlobalModel;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.validation.RequestLimits;
import dev.a3c.server.validation.RequestRefusedException;
import dev.a3c.wire.Refusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Input at the bounds the server accepts, followed by ordinary input: every value stays finite and
 * training keeps moving. The largest accepted gradient (the clipping bound, plus the tolerance,
 * all in one parameter or spread over all), the largest accepted episode returns.
 */
class NumericalBoundsTest {

    private static final double BOUND = TestSupport.MAX_GRAD_NORM * (1 + RequestLimits.GRADIENT_NORM_TOLERANCE);

    private static TrainingConfig config(OptimizerKind optimizer) {
        return TestSupport.config().with("--no-anneal-lr --target-return none --optimizer " + optimizer.id());
    }

    private static float[] largestInOne(int index) {
        float[] g = new float[PARAMETERS];
        g[index] = (float) BOUND;
        while (Math.abs((double) g[index]) > BOUND) {
            g[index] = Math.nextDown(g[index]);
        }
        return g;
    }

    private static float[] largestSpread() {
        float[] g = new float[PARAMETERS];
        Arrays.fill(g, (float) (BOUND / Math.sqrt(PARAMETERS) * (1 - 1e-6)));
        return g;
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theLargestAcceptedGradientsLeaveEverythingFiniteAndTrainingMoving(OptimizerKind kind) {
        TrainingSession s = SessionLoader.create(config(kind), new SimpleMeterRegistry(), null);
        int id = TestSupport.join(s, "w", 1, 1, "t");
        long sequence = 0;
        for (int i = 0; i < 300; i++) {
            float[] g = i % 3 == 0 ? largestSpread() : largestInOne(i % PARAMETERS);
            if (i % 2 == 1) {
                for (int j = 0; j < g.length; j++) {
                    g[j] = -g[j];
                }
            }
            assertTrue(s.push(TestSupport.push(id, ++sequence, g, 1)).applied(), "push " + i + " is within the bounds");
        }
        assertFinite(s, "after the largest gradients");
        float[] ordinary = TestSupport.gradient(PARAMETERS, 0.01f);
        float[] previous = weights(s);
        for (int i = 0; i < 1000; i++) {
            assertTrue(s.push(TestSupport.push(id, ++sequence, ordinary, 1)).applied());
            float[] now = weights(s);
            assertFalse(Arrays.equals(previous, now), "ordinary push " + i + " moves the weights");
            previous = now;
        }
        assertFinite(s, "after ordinary pushes");
        float[] state = s.checkpointData().model().optimizerState();
        int second = kind == OptimizerKind.ADAM ? PARAMETERS : 0; // RMSProp: [g^2 average]; Adam: [m, v]
        float largest = 0;
        for (int i = second; i < second + PARAMETERS; i++) {
            largest = Math.max(largest, state[i]);
        }
        // the squared-gradient average forgets the large gradients at its decay rate: nothing is stuck
        double decay = kind == OptimizerKind.ADAM ? config(kind).optimizer().adamBeta2()
                : config(kind).optimizer().rmsDecay();
        double forgotten = BOUND * BOUND * Math.pow(decay, 1000) + 1e-3;
        assertTrue(largest <= forgotten, "squared-gradient average " + largest + " > " + forgotten);
    }

    @Test
    void justBeyondTheBoundIsRefused() {
        TrainingSession s = SessionLoader.create(TestSupport.config(), new SimpleMeterRegistry(), null);
        int id = TestSupport.join(s, "w", 1, 1, "t");
        float[] g = largestInOne(0);
        g[0] = Math.nextUp(Math.nextUp(g[0]));
        RequestRefusedException e = assertThrows(RequestRefusedException.class, () -> s.push(TestSupport.push(id, 1, g, 1)));
        assertEquals(Refusal.GRADIENT_NORM, e.refusal());
    }

    /**
     * MountainCarContinuous's reward has no lower bound (the action cost takes the unclipped action),
     * so its returns are bounded by {@link RequestLimits#RETURN_LIMIT} alone: 100 returns at the limit,
     * then ordinary ones, leave the averages finite and, once the large ones left the window, exact.
     */
    @Test
    void theLargestAcceptedReturnsLeaveTheAveragesFiniteAndExact() {
        TrainingConfig d = TrainingConfig.defaults("MountainCarContinuous-v0");
        TrainingConfig config = d.with("--envs-per-worker 100 --max-steps 1000000000");
        TrainingSession s = SessionLoader.create(config, new SimpleMeterRegistry(), null);
        int id = TestSupport.join(s, "w", 1, 1, "t");
        float[] g = new float[s.parameterCount()];
        int steps = config.algorithm().envsPerWorker() * config.algorithm().rolloutSteps();
        List<TrainingSession.EpisodeResult> extreme = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            extreme.add(new TrainingSession.EpisodeResult(i % 2 == 0 ? -RequestLimits.RETURN_LIMIT : 100.0 * 999, 999));
        }
        long sequence = 0;
        s.push(push(id, ++sequence, g, steps, extreme));
        assertTrue(Double.isFinite(s.status().avgReturn100()), "average " + s.status().avgReturn100());
        assertThrows(RequestRefusedException.class, () -> s.push(push(id, 2, g, steps,
                List.of(new TrainingSession.EpisodeResult(-RequestLimits.RETURN_LIMIT * 1.01, 999)))));
        List<TrainingSession.EpisodeResult> ordinary = new ArrayList<>();
        double expected = 0;
        for (int i = 0; i < 100; i++) {
            double r = 90 + i * 0.1;
            ordinary.add(new TrainingSession.EpisodeResult(r, 120));
            expected += r;
        }
        s.push(push(id, ++sequence, g, steps, ordinary));
        assertEquals(expected / 100, s.status().avgReturn100(), 0.0,
                "the average of the window holds nothing of the returns that left it");
        assertTrue(Double.isFinite(s.status().bestAvgReturn100()));
    }

    private static TrainingSession.Push push(int id, long sequence, float[] g, long steps,
                                             List<TrainingSession.EpisodeResult> episodes) {
        return TestSupport.rawPush(id, sequence, 0, ByteBuffer.wrap(TestSupport.encode(g)), steps, episodes);
    }

    private static float[] weights(TrainingSession s) {
        return s.checkpointData().model().graph().params().toFloatVector();
    }

    private static void assertFinite(TrainingSession s, String when) {
        GlobalModel.CheckpointCopy copy = s.checkpointData().model();
        for (float w : copy.graph().params().toFloatVector()) {
            assertTrue(Float.isFinite(w), when + ": weight " + w);
        }
        for (float v : copy.optimizerState()) {
            assertTrue(Float.isFinite(v), when + ": optimizer state " + v);
        }
    }
}

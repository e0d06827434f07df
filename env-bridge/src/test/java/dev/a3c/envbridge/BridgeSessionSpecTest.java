package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.proto.envbridge.OpenResponse;
import dev.a3c.proto.envbridge.Space;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec a3c makes of what the bridge says about an environment's spaces, and what it refuses. */
class BridgeSessionSpecTest {

    private static Space box(List<Integer> shape, List<Double> low, List<Double> high) {
        return Space.newBuilder().setKind(Space.Kind.BOX).addAllShape(shape).addAllLow(low).addAllHigh(high)
                .setDtype("float32").build();
    }

    @Test
    void spacesLimitsAndThresholdsBecomeTheSpec() {
        OpenResponse pendulum = OpenResponse.newBuilder()
                .setObservationSpace(box(List.of(3), List.of(-1.0, -1.0, -8.0), List.of(1.0, 1.0, 8.0)))
                .setActionSpace(box(List.of(1), List.of(-2.0), List.of(2.0)))
                .setMaxEpisodeSteps(200).build();
        EnvironmentSpec spec = BridgeSession.spec("gymnasium:Pendulum-v1", pendulum);
        assertEquals(List.of(3), spec.observationShape());
        assertEquals(new ActionSpace.Box(List.of(-2.0), List.of(2.0)), spec.actionSpace());
        assertEquals(200, spec.maxEpisodeSteps());
        assertNull(spec.rewardThreshold());
        assertEquals(List.of(-1.0, -1.0, -8.0), spec.observationLow());

        OpenResponse unlimited = OpenResponse.newBuilder()
                .setObservationSpace(box(List.of(2), List.of(), List.of()))
                .setActionSpace(Space.newBuilder().setKind(Space.Kind.DISCRETE).setN(3))
                .setHasRewardThreshold(true).setRewardThreshold(-110).build();
        spec = BridgeSession.spec("gymnasium:X-v0", unlimited);
        assertEquals(Integer.MAX_VALUE, spec.maxEpisodeSteps(), "no time limit");
        assertEquals(-110.0, spec.rewardThreshold());
        assertNull(spec.observationLow(), "no bounds declared");
        assertEquals(new ActionSpace.Discrete(3), spec.actionSpace());
    }

    @Test
    void spacesA3cCannotLearnAreRefused() {
        OpenResponse unbounded = OpenResponse.newBuilder()
                .setObservationSpace(box(List.of(1), List.of(0.0), List.of(1.0)))
                .setActionSpace(box(List.of(1), List.of(Double.NEGATIVE_INFINITY), List.of(Double.POSITIVE_INFINITY)))
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BridgeSession.spec("gymnasium:Y-v0", unbounded));
        assertTrue(e.getMessage().contains("finite action bounds"), e.getMessage());

        OpenResponse discreteObservations = OpenResponse.newBuilder()
                .setObservationSpace(Space.newBuilder().setKind(Space.Kind.DISCRETE).setN(16))
                .setActionSpace(Space.newBuilder().setKind(Space.Kind.DISCRETE).setN(4)).build();
        e = assertThrows(IllegalArgumentException.class, () -> BridgeSession.spec("gymnasium:FrozenLake-v1", discreteObservations));
        assertTrue(e.getMessage().contains("array observation space"), e.getMessage());
    }
}

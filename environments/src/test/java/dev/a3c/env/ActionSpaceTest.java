package dev.a3c.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActionSpaceTest {

    @Test
    void unitActionsMapOntoTheBoxAndAreClippedFirst() {
        ActionSpace.Box box = new ActionSpace.Box(List.of(-2.0, 0.0), List.of(2.0, 10.0));
        assertArrayEquals(new float[] {-2f, 0f}, box.fromUnit(new float[] {-1f, -1f}, 0));
        assertArrayEquals(new float[] {2f, 10f}, box.fromUnit(new float[] {1f, 1f}, 0));
        assertArrayEquals(new float[] {0f, 5f}, box.fromUnit(new float[] {0f, 0f}, 0));
        assertArrayEquals(new float[] {1f, 7.5f}, box.fromUnit(new float[] {9f, 0.5f, 0.5f}, 1));
        assertArrayEquals(new float[] {-2f, 10f}, box.fromUnit(new float[] {-3.5f, 4f}, 0), "clipped to the unit box");
    }

    @Test
    void environmentsReceiveMappedActions() {
        Environment raw = Environments.make("Pendulum-v1");
        Environment viaPolicy = Environments.make("Pendulum-v1");
        raw.reset(4);
        viaPolicy.reset(4);
        Step a = raw.step(new float[] {1f});              // torque 1 of [-2, 2]
        Step b = viaPolicy.act(new float[] {0.5f}, 0);    // unit 0.5 -> torque 1
        assertArrayEquals(a.observation(), b.observation());
        assertEquals(a.reward(), b.reward());
        Environment cartPole = Environments.make("CartPole-v1");
        cartPole.reset(0);
        Step c = cartPole.act(new float[] {1f}, 0);
        assertEquals(1.0, c.reward());
    }
}

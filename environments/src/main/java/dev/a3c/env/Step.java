package dev.a3c.env;

/**
 * The outcome of one environment step.
 *
 * @param observation the next observation (for a finished episode, the final one, before any reset)
 * @param reward the reward for the transition
 * @param terminated the episode reached a terminal state of the MDP: its value is 0
 * @param truncated the episode was cut short (a time limit): its value is that of {@code observation}
 */
public record Step(float[] observation, double reward, boolean terminated, boolean truncated) {

    public boolean done() {
        return terminated || truncated;
    }
}

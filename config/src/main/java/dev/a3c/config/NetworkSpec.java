package dev.a3c.config;

import dev.a3c.learning.ActionHead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The definition of an actor-critic network: a torso, an optional LSTM core, a policy head and a
 * linear value head. Server and workers build bit-identical parameter layouts from equal specs.
 *
 * <p>By default policy and value share the torso. With {@code separateCritic} the value head reads a
 * torso of its own, a copy of the policy's layout with its own weights (twice the torso's parameters
 * and compute), so the value loss no longer shapes the policy's features.
 *
 * @param observationShape the observation's shape (observations arrive flat, in c order)
 * @param torso MLP or convolutional torso
 * @param lstmSize units of the LSTM core between torso and heads; 0 for none
 * @param head the policy's distribution
 * @param separateCritic whether the value head has its own torso (feed-forward networks only)
 */
public record NetworkSpec(List<Integer> observationShape, Torso torso, int lstmSize, ActionHead head,
                          boolean separateCritic) {

    public NetworkSpec {
        observationShape = List.copyOf(observationShape);
        if (observationShape.isEmpty() || observationShape.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("observation shape must be non-empty with sizes >= 1, got " + observationShape);
        }
        if (torso == null || head == null) {
            throw new IllegalArgumentException("a network needs a torso and a head");
        }
        if (lstmSize < 0) {
            throw new IllegalArgumentException("LSTM size must be >= 0 (0 = none), got " + lstmSize);
        }
        if (separateCritic && lstmSize > 0) {
            throw new IllegalArgumentException("a separate critic torso is for feed-forward networks; it cannot be combined with an LSTM core");
        }
        torso.parameterCount(observationShape); // checks that the torso fits the observations
    }

    /** Policy and value sharing the torso. */
    public NetworkSpec(List<Integer> observationShape, Torso torso, int lstmSize, ActionHead head) {
        this(observationShape, torso, lstmSize, head, false);
    }

    /** An MLP with a softmax head and no core: the classic-control network. */
    public static NetworkSpec mlp(int observationSize, int actionCount, List<Integer> hidden, String activation) {
        return new NetworkSpec(List.of(observationSize), new Torso.Mlp(hidden, activation), 0,
                ActionHead.categorical(actionCount));
    }

    /** The number of values in one observation. */
    public int observationSize() {
        return observationShape.stream().reduce(1, (a, b) -> a * b);
    }

    public boolean recurrent() {
        return lstmSize > 0;
    }

    /** The size of the features the heads read. */
    public int featureSize() {
        return recurrent() ? lstmSize : torso.outputSize();
    }

    /** The number of trainable parameters. */
    public long parameterCount() {
        long count = torso.parameterCount(observationShape) * (separateCritic ? 2 : 1);
        int in = torso.outputSize();
        if (recurrent()) {
            // input weights, recurrent weights and biases of the four gates
            count += (long) in * 4 * lstmSize + (long) lstmSize * 4 * lstmSize + 4L * lstmSize;
            in = lstmSize;
        }
        count += head.parameterCount(in);                  // logits, or means and log standard deviations
        return count + featureSize() + 1;                  // value
    }

    /** A short stable digest of the definition: two networks with the same fingerprint share a layout. */
    public String fingerprint() {
        String canonical = "actor-critic/v2;obs=" + observationShape.stream().map(String::valueOf).collect(Collectors.joining("x"))
                + ";torso=" + torso.canonical() + ";lstm=" + lstmSize + ";head=" + head.canonical()
                + (separateCritic ? ";critic=separate" : "") + ";params=" + parameterCount();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-line description for logs. */
    public String describe() {
        return torso.canonical() + (recurrent() ? " -> lstm(" + lstmSize + ")" : "") + " -> " + head.canonical()
                + (separateCritic ? " + value on its own " + torso.canonical() : " + value") + ", "
                + parameterCount() + " parameters";
    }
}

package dev.a3c.common.nn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The definition of an actor-critic network: an MLP torso and two linear heads (policy logits and
 * value). Server and workers build bit-identical parameter layouts from equal specs.
 *
 * @param observationSize input size
 * @param actionCount number of policy logits
 * @param hiddenLayers sizes of the torso's hidden layers
 * @param activation torso activation: {@code tanh} or {@code relu}
 */
public record NetworkSpec(int observationSize, int actionCount, List<Integer> hiddenLayers, String activation) {

    public static final List<String> ACTIVATIONS = List.of("tanh", "relu");

    public NetworkSpec {
        if (observationSize < 1 || actionCount < 1) {
            throw new IllegalArgumentException("observation size and action count must be >= 1");
        }
        hiddenLayers = List.copyOf(hiddenLayers);
        if (hiddenLayers.isEmpty() || hiddenLayers.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden layers must be a non-empty list of sizes >= 1, got " + hiddenLayers);
        }
        activation = activation.toLowerCase(Locale.ROOT);
        if (!ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException("activation must be one of " + ACTIVATIONS + ", got " + activation);
        }
    }

    /** The number of trainable parameters (weights and biases of every layer). */
    public long parameterCount() {
        long count = 0;
        int in = observationSize;
        for (int h : hiddenLayers) {
            count += (long) in * h + h;
            in = h;
        }
        return count + (long) in * actionCount + actionCount + in + 1;
    }

    /** A short stable digest of the definition: two networks with the same fingerprint share a layout. */
    public String fingerprint() {
        String canonical = "mlp-actor-critic/v1;obs=" + observationSize + ";actions=" + actionCount
                + ";hidden=" + hiddenLayers.stream().map(String::valueOf).collect(Collectors.joining(","))
                + ";activation=" + activation + ";params=" + parameterCount();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

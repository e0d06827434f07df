package dev.a3c.config;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.learning.ActionHead;
import java.util.List;
import java.util.Locale;

/**
 * The policy network's family. The action head is not chosen: it follows from the action space
 * (softmax for discrete actions, Gaussian for a box).
 */
public record PolicyConfig(
        @Setting(label = "mlp|cnn", doc = "Network torso: dense layers on the flat observation (mlp), or convolutions "
                + "(--conv) before them (cnn). The default follows the observations: cnn for grids, mlp for vectors.")
        String torso,
        @Setting(label = "FxK/S[,FxK/S...]", doc = "The cnn torso's convolutions: F filters of K x K, stride S, no "
                + "padding, each followed by the activation; 16x3/1 is the MinAtar paper's, 16x8/4,32x4/2 the A3C "
                + "paper's Atari network.")
        String conv,
        @Setting(label = "N[,N...]", doc = "Dense layer sizes of the torso (64,64 for mlp, 128 for cnn unless given).")
        List<Integer> hidden,
        @Setting(label = "tanh|relu", doc = "Torso activation (tanh for mlp, relu for cnn unless given).")
        String activation,
        @Setting(label = "UNITS", doc = "Add an LSTM core of UNITS units between torso and heads, its state carried "
                + "across rollouts and reset when an episode ends; 0 for none.")
        int lstm,
        @Setting(label = "X", doc = "Gaussian policies: the log standard deviation at the start, in the unit action "
                + "box (0: standard deviation 1).")
        double initialLogStd,
        @Setting(doc = "Give the value head a torso of its own (same layers, own weights) instead of sharing the "
                + "policy's; not with --lstm.")
        boolean separateCritic,
        @Setting(doc = "Gaussian policies: compute the log standard deviations from the features (a linear layer "
                + "whose bias starts at --initial-log-std) instead of learning one per action dimension.")
        boolean stateDependentStd) {

    public static final List<String> TORSOS = List.of("mlp", "cnn");
    /** The MinAtar paper's convolution (also what a configuration from before --conv gets). */
    public static final String DEFAULT_CONV = "16x3/1";

    public PolicyConfig {
        if (torso == null || !TORSOS.contains(torso.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("torso must be one of " + TORSOS + ", got " + torso);
        }
        torso = torso.toLowerCase(Locale.ROOT);
        conv = conv == null ? DEFAULT_CONV : Torso.Conv.Layer.parseList(conv).stream()
                .map(Torso.Conv.Layer::text).collect(java.util.stream.Collectors.joining(","));
        if (hidden == null) {
            throw new IllegalArgumentException("hidden layer sizes must be set");
        }
        hidden = List.copyOf(hidden);
        if (activation == null) {
            throw new IllegalArgumentException("activation must be set");
        }
        activation = activation.toLowerCase(Locale.ROOT);
        if (lstm < 0 || lstm > 4096) {
            throw new IllegalArgumentException("LSTM size must be in [0, 4096] (0 = none), got " + lstm);
        }
        if (!Double.isFinite(initialLogStd) || initialLogStd < -5 || initialLogStd > 2) {
            throw new IllegalArgumentException("the initial log standard deviation must be in [-5, 2], got " + initialLogStd);
        }
        if (separateCritic && lstm > 0) {
            throw new IllegalArgumentException("a separate critic torso cannot be combined with an LSTM core (--lstm " + lstm + ")");
        }
    }

    /** Policy and value sharing the torso; a Gaussian head starting with standard deviation 1 (log std 0). */
    public PolicyConfig(String torso, List<Integer> hidden, String activation, int lstm) {
        this(torso, DEFAULT_CONV, hidden, activation, lstm, 0, false, false);
    }

    /** A torso's own layers: 16 3x3 filters and 128 relu units (the MinAtar paper's) for cnn, 64-64 tanh for mlp. */
    public static PolicyConfig forTorso(String torso) {
        return torso.equalsIgnoreCase("cnn")
                ? new PolicyConfig("cnn", List.of(128), "relu", 0)
                : new PolicyConfig("mlp", List.of(64, 64), "tanh", 0);
    }

    /** The automatic choice for an environment: cnn for grid observations, mlp for vectors; no LSTM. */
    public static PolicyConfig forEnvironment(EnvironmentSpec env) {
        return forTorso(env.observationShape().size() == 3 ? "cnn" : "mlp");
    }

    /** The network for an environment. */
    public NetworkSpec networkSpec(EnvironmentSpec env) {
        Torso t = torso.equals("cnn")
                ? new Torso.Conv(Torso.Conv.Layer.parseList(conv), hidden, activation)
                : new Torso.Mlp(hidden, activation);
        ActionHead head = env.actionSpace() instanceof ActionSpace.Box box
                ? new ActionHead(ActionHead.Kind.GAUSSIAN, box.size(), stateDependentStd)
                : ActionHead.categorical(env.actionCount());
        return new NetworkSpec(env.observationShape(), t, lstm, head, separateCritic);
    }
}

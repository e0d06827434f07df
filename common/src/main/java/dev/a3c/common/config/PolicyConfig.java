package dev.a3c.common.config;

import dev.a3c.common.env.ActionSpace;
import dev.a3c.common.env.EnvironmentSpec;
import dev.a3c.common.nn.ActionHead;
import dev.a3c.common.nn.NetworkSpec;
import dev.a3c.common.nn.Torso;
import java.util.List;
import java.util.Locale;

/**
 * The policy network's family. The action head is not chosen: it follows from the action space
 * (softmax for discrete actions, Gaussian for a box).
 *
 * @param torso {@code mlp} (dense layers on the flat observation) or {@code cnn} (a 3x3 convolution with
 *              16 filters, stride 1, then the dense layers: the MinAtar paper's network)
 * @param hidden sizes of the dense layers
 * @param activation {@code tanh} or {@code relu}
 * @param lstm units of an LSTM core between torso and heads, whose state is carried across rollouts and reset
 *             when an episode ends; 0 for none
 * @param initialLogStd the Gaussian head's log standard deviation at the start (0: standard deviation 1 in the
 *             unit action box); ignored for discrete actions
 * @param separateCritic whether the value head reads a torso of its own (same layout, own weights) instead of
 *             sharing the policy's; feed-forward networks only
 * @param stateDependentStd whether a Gaussian head's log standard deviations are a linear function of the
 *             features rather than free parameters; ignored for discrete actions
 */
public record PolicyConfig(String torso, List<Integer> hidden, String activation, int lstm, double initialLogStd,
                           boolean separateCritic, boolean stateDependentStd) {

    public static final List<String> TORSOS = List.of("mlp", "cnn");

    public PolicyConfig {
        if (torso == null || !TORSOS.contains(torso.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("torso must be one of " + TORSOS + ", got " + torso);
        }
        torso = torso.toLowerCase(Locale.ROOT);
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
        this(torso, hidden, activation, lstm, 0, false, false);
    }

    /**
     * The automatic choice for an environment: the MinAtar paper's convolutional network (16 3x3
     * filters, 128 relu units) for grid observations, a 64-64 tanh MLP for vectors; no LSTM.
     */
    public static PolicyConfig forEnvironment(EnvironmentSpec env) {
        return env.observationShape().size() == 3
                ? new PolicyConfig("cnn", List.of(128), "relu", 0)
                : new PolicyConfig("mlp", List.of(64, 64), "tanh", 0);
    }

    /** The network for an environment. */
    public NetworkSpec networkSpec(EnvironmentSpec env) {
        Torso t = torso.equals("cnn")
                ? new Torso.Conv(16, 3, 1, hidden, activation)
                : new Torso.Mlp(hidden, activation);
        ActionHead head = env.actionSpace() instanceof ActionSpace.Box box
                ? new ActionHead(ActionHead.Kind.GAUSSIAN, box.size(), stateDependentStd)
                : ActionHead.categorical(env.actionCount());
        return new NetworkSpec(env.observationShape(), t, lstm, head, separateCritic);
    }

    public PolicyConfig withTorso(String value) {
        return new PolicyConfig(value, hidden, activation, lstm, initialLogStd, separateCritic, stateDependentStd);
    }

    public PolicyConfig withHidden(List<Integer> value) {
        return new PolicyConfig(torso, value, activation, lstm, initialLogStd, separateCritic, stateDependentStd);
    }

    public PolicyConfig withActivation(String value) {
        return new PolicyConfig(torso, hidden, value, lstm, initialLogStd, separateCritic, stateDependentStd);
    }

    public PolicyConfig withLstm(int value) {
        return new PolicyConfig(torso, hidden, activation, value, initialLogStd, separateCritic, stateDependentStd);
    }

    public PolicyConfig withInitialLogStd(double value) {
        return new PolicyConfig(torso, hidden, activation, lstm, value, separateCritic, stateDependentStd);
    }

    public PolicyConfig withStateDependentStd(boolean value) {
        return new PolicyConfig(torso, hidden, activation, lstm, initialLogStd, separateCritic, value);
    }

    public PolicyConfig withSeparateCritic(boolean value) {
        return new PolicyConfig(torso, hidden, activation, lstm, initialLogStd, value, stateDependentStd);
    }
}

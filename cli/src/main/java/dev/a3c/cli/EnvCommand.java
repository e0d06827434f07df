package dev.a3c.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.a3c.env.ActionSpace;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Environments;
import dev.a3c.env.RandomActions;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code a3c env}: the environments, and random rollouts of them. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "List environments; play random actions in one.",
        subcommands = {EnvCommand.ListEnvironments.class, EnvCommand.Rollout.class, EnvCommand.RandomBaseline.class})
final class EnvCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Ids, spaces, time limits and reward thresholds.")
    static final class ListEnvironments implements Runnable {
        @Override
        public void run() {
            PrintStream out = System.out;
            out.printf("%-32s %-14s %-26s %10s %10s%n", "id", "observation", "actions", "time limit", "threshold");
            for (String id : Environments.ids()) {
                EnvironmentSpec s = Environments.spec(id);
                out.printf("%-32s %-14s %-26s %10d %10s%n", id, s.observationShape(), describe(s.actionSpace()),
                        s.maxEpisodeSteps(), s.rewardThreshold() == null ? "-" : format(s.rewardThreshold()));
            }
            out.printf("%-32s %s%n", "gymnasium:ID", "any Gymnasium environment, through the environment bridge "
                    + "(for example gymnasium:ALE/Pong-v5; docs/environments.md)");
        }
    }

    @Command(name = "rollout", mixinStandardHelpOptions = true,
            description = "Play uniformly random actions; print one JSON object per transition "
                    + "(obs, action, reward, next_obs, terminated, truncated), resetting after each episode.")
    static final class Rollout implements Runnable {
        @Mixin
        EnvAndSeed target = new EnvAndSeed();

        @Option(names = "--steps", defaultValue = "100", description = "Transitions to print (default: ${DEFAULT-VALUE}).")
        int steps;

        @Override
        public void run() {
            if (steps < 0) {
                throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
            }
            RandomActions actions = new RandomActions(Environments.make(target.env), target.seed);
            PrintStream out = System.out;
            for (int i = 0; i < steps; i++) {
                RandomActions.Transition t = actions.step();
                ObjectNode line = JSON.createObjectNode();
                line.putPOJO("obs", t.observation());
                if (t.action() instanceof Integer a) {
                    line.put("action", a);
                } else {
                    line.putPOJO("action", t.action());
                }
                line.put("reward", t.step().reward());
                line.putPOJO("next_obs", t.step().observation());
                line.put("terminated", t.step().terminated());
                line.put("truncated", t.step().truncated());
                out.println(json(line));
            }
            out.flush();
        }
    }

    @Command(name = "random", mixinStandardHelpOptions = true,
            description = "Random-policy baseline: JSON with episodes, mean_return, stderr_return, mean_length.")
    static final class RandomBaseline implements Runnable {
        @Mixin
        EnvAndSeed target = new EnvAndSeed();

        @Option(names = "--episodes", defaultValue = "100", description = "Episodes (default: ${DEFAULT-VALUE}).")
        int episodes;

        @Override
        public void run() {
            if (episodes < 1) {
                throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
            }
            RandomActions.Baseline b;
            try (Progress progress = Progress.onStandardError("episodes", episodes)) {
                b = RandomActions.baseline(Environments.make(target.env), episodes, target.seed, progress::stepTo);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("env", target.env);
            result.put("episodes", b.episodes());
            result.put("mean_return", b.meanReturn());
            result.put("stderr_return", b.stderrReturn());
            result.put("mean_length", b.meanLength());
            System.out.println(json(result));
        }
    }

    /** The environment and seed options the random subcommands share. */
    static final class EnvAndSeed {
        @Option(names = "--env", required = true, paramLabel = "ID", description = "Environment id.")
        String env;

        @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
    }

    static String describe(ActionSpace space) {
        if (space instanceof ActionSpace.Discrete d) {
            return "Discrete(" + d.n() + ")";
        }
        ActionSpace.Box b = (ActionSpace.Box) space;
        boolean uniform = b.low().stream().distinct().count() == 1 && b.high().stream().distinct().count() == 1;
        return uniform ? "Box(" + format(b.low().get(0)) + ", " + format(b.high().get(0)) + ", " + b.size() + ")"
                : "Box(" + b.size() + ")";
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

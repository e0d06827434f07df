package dev.a3c.env;

import dev.a3c.env.minatar.Asterix;
import dev.a3c.env.minatar.Breakout;
import dev.a3c.env.minatar.Freeway;
import dev.a3c.env.minatar.Seaquest;
import dev.a3c.env.minatar.SpaceInvaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Creates environments by their Gymnasium id, wrapped in their time limit. */
public final class Environments {

    private record Entry(EnvironmentSpec spec, Supplier<Environment> factory) {}

    private static final Map<String, Entry> REGISTRY = new HashMap<>();

    static {
        register(CartPole.SPEC, CartPole::new);
        register(Acrobot.SPEC, Acrobot::new);
        register(MountainCar.SPEC, MountainCar::new);
        register(MountainCarContinuous.SPEC, MountainCarContinuous::new);
        register(Pendulum.SPEC, Pendulum::new);
        register(LunarLander.SPEC_DISCRETE, () -> new LunarLander(false));
        register(LunarLander.SPEC_CONTINUOUS, () -> new LunarLander(true));
        register(Breakout.SPEC_V0, () -> new Breakout(false));
        register(Breakout.SPEC_V1, () -> new Breakout(true));
        register(Freeway.SPEC_V0, () -> new Freeway(false));
        register(Freeway.SPEC_V1, () -> new Freeway(true));
        register(Asterix.SPEC_V0, () -> new Asterix(false));
        register(Asterix.SPEC_V1, () -> new Asterix(true));
        register(SpaceInvaders.SPEC_V0, () -> new SpaceInvaders(false));
        register(SpaceInvaders.SPEC_V1, () -> new SpaceInvaders(true));
        register(Seaquest.SPEC_V0, () -> new Seaquest(false));
        register(Seaquest.SPEC_V1, () -> new Seaquest(true));
    }

    private Environments() {}

    private static void register(EnvironmentSpec spec, Supplier<Environment> factory) {
        if (REGISTRY.putIfAbsent(spec.id(), new Entry(spec, factory)) != null) {
            throw new IllegalStateException("environment id registered twice: " + spec.id());
        }
    }

    public static List<String> ids() {
        return REGISTRY.keySet().stream().sorted().toList();
    }

    public static EnvironmentSpec spec(String id) {
        return entry(id).spec();
    }

    /** The environment with its registered time limit. */
    public static Environment make(String id) {
        return make(id, 0);
    }

    /** The environment with the given time limit, or the registered one when {@code maxEpisodeSteps <= 0}. */
    public static Environment make(String id, int maxEpisodeSteps) {
        Entry entry = entry(id);
        int limit = maxEpisodeSteps > 0 ? maxEpisodeSteps : entry.spec().maxEpisodeSteps();
        return new TimeLimit(entry.factory().get(), limit);
    }

    private static Entry entry(String id) {
        Entry entry = REGISTRY.get(id);
        if (entry == null) {
            throw new IllegalArgumentException("unknown environment '" + id + "'; known: " + ids());
        }
        return entry;
    }
}

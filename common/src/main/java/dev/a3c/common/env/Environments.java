package dev.a3c.common.env;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Creates environments by their Gymnasium id, wrapped in their time limit. */
public final class Environments {

    private record Entry(EnvironmentSpec spec, Supplier<Environment> factory) {}

    private static final Map<String, Entry> REGISTRY = Map.of(
            CartPole.SPEC.id(), new Entry(CartPole.SPEC, CartPole::new),
            Acrobot.SPEC.id(), new Entry(Acrobot.SPEC, Acrobot::new),
            MountainCar.SPEC.id(), new Entry(MountainCar.SPEC, MountainCar::new),
            MountainCarContinuous.SPEC.id(), new Entry(MountainCarContinuous.SPEC, MountainCarContinuous::new),
            Pendulum.SPEC.id(), new Entry(Pendulum.SPEC, Pendulum::new));

    private Environments() {}

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

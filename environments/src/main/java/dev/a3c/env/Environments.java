package dev.a3c.env;

import dev.a3c.env.minatar.Asterix;
import dev.a3c.env.minatar.Breakout;
import dev.a3c.env.minatar.Freeway;
import dev.a3c.env.minatar.Seaquest;
import dev.a3c.env.minatar.SpaceInvaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** Creates environments by their Gymnasium id, wrapped in their time limit. */
public final class Environments {

    private record Entry(EnvironmentSpec spec, Supplier<Environment> factory) {}

    private static final Map<String, Entry> REGISTRY = new HashMap<>();
    private static Map<String, EnvironmentSource> sources;

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
        return spec(EnvironmentRequest.of(id));
    }

    /** The spec of a built-in environment (its registered time limit) or of one from a source. */
    public static EnvironmentSpec spec(EnvironmentRequest request) {
        if (!request.source().isEmpty()) {
            return source(request).spec(request);
        }
        requireNoArguments(request);
        EnvironmentSpec spec = entry(request.id()).spec();
        return request.maxEpisodeSteps() > 0 ? spec.withMaxEpisodeSteps(request.maxEpisodeSteps()) : spec;
    }

    /** The environment with its registered time limit. */
    public static Environment make(String id) {
        return make(id, 0);
    }

    /** The environment with the given time limit, or the registered one when {@code maxEpisodeSteps <= 0}. */
    public static Environment make(String id, int maxEpisodeSteps) {
        return make(new EnvironmentRequest(id, "", Math.max(0, maxEpisodeSteps)));
    }

    /** One environment: built in (wrapped in its time limit) or from a source. */
    public static Environment make(EnvironmentRequest request) {
        if (!request.source().isEmpty()) {
            return source(request).make(request);
        }
        requireNoArguments(request);
        Entry entry = entry(request.id());
        int limit = request.maxEpisodeSteps() > 0 ? request.maxEpisodeSteps() : entry.spec().maxEpisodeSteps();
        return new TimeLimit(entry.factory().get(), limit);
    }

    /**
     * {@code count} environments stepped together; {@code wrap} is applied to each built-in one (observation
     * rescaling, say), a source's batch comes as the source makes it.
     */
    public static BatchedEnvironment batch(EnvironmentRequest request, int count,
                                           java.util.function.UnaryOperator<Environment> wrap) {
        if (!request.source().isEmpty()) {
            return source(request).batch(request, count);
        }
        return new LocalBatch(() -> wrap.apply(make(request)), count);
    }

    /** Whether {@code id} names an environment of a source ({@code source:name}) rather than a built-in one. */
    public static boolean external(String id) {
        return id.indexOf(':') >= 0;
    }

    /** The sources on the class path, by name, found once. */
    private static synchronized Map<String, EnvironmentSource> sources() {
        if (sources == null) {
            Map<String, EnvironmentSource> found = new HashMap<>();
            for (EnvironmentSource source : ServiceLoader.load(EnvironmentSource.class)) {
                found.putIfAbsent(source.name(), source);
            }
            sources = Map.copyOf(found);
        }
        return sources;
    }

    private static void requireNoArguments(EnvironmentRequest request) {
        if (!request.kwargs().isEmpty() && !request.kwargs().equals("{}")) {
            throw new IllegalArgumentException("environment arguments are for gymnasium: ids; built-in "
                    + request.id() + " takes none");
        }
    }

    private static EnvironmentSource source(EnvironmentRequest request) {
        String name = request.source();
        EnvironmentSource source = sources().get(name);
        if (source != null) {
            return source;
        }
        throw new IllegalArgumentException("unknown environment source '" + name + "' in '" + request.id()
                + "' (known: gymnasium:ID for any Gymnasium environment, or a built-in id: " + ids() + ")");
    }

    private static Entry entry(String id) {
        Entry entry = REGISTRY.get(id);
        if (entry == null) {
            throw new IllegalArgumentException("unknown environment '" + id + "'; known: " + ids());
        }
        return entry;
    }
}

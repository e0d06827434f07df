package dev.a3c.envbridge;

import dev.a3c.env.BatchedEnvironment;
import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentRequest;
import dev.a3c.env.EnvironmentSource;
import dev.a3c.env.EnvironmentSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code gymnasium:ID}: any Gymnasium environment, through this JVM's {@link Bridge#shared() bridge}. */
public final class GymnasiumSource implements EnvironmentSource {

    /** Specs asked for so far: each asks the bridge once per JVM. */
    private static final Map<EnvironmentRequest, EnvironmentSpec> SPECS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "gymnasium";
    }

    @Override
    public EnvironmentSpec spec(EnvironmentRequest request) {
        return SPECS.computeIfAbsent(request, r -> {
            try (BridgeSession session = BridgeSession.open(Bridge.shared(), r, 1)) {
                return session.spec();
            }
        });
    }

    @Override
    public Environment make(EnvironmentRequest request) {
        // opened for rendering: replays draw Gymnasium's own frames (nothing is drawn unless asked)
        return new BridgedEnvironment(new BridgedBatch(BridgeSession.open(Bridge.shared(), request, 1, true)));
    }

    @Override
    public BatchedEnvironment batch(EnvironmentRequest request, int count) {
        return new BridgedBatch(BridgeSession.open(Bridge.shared(), request, count));
    }
}

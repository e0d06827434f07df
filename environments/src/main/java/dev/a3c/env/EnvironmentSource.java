package dev.a3c.env;

/**
 * Environments that live outside this JVM's registry, named {@code source:name} (Gymnasium's, through the
 * environment bridge: {@code gymnasium:CartPole-v1}). Found with {@link java.util.ServiceLoader}: a module on the
 * class path that provides one makes its ids available to {@link Environments}.
 */
public interface EnvironmentSource {

    /** The prefix before the colon of the ids this source serves. */
    String name();

    /** What a learner needs to know before it sees the environment; may ask another process, once. */
    EnvironmentSpec spec(EnvironmentRequest request);

    /** One environment (for evaluation and replays). */
    Environment make(EnvironmentRequest request);

    /** {@code count} environments stepped together (for a worker). */
    BatchedEnvironment batch(EnvironmentRequest request, int count);

    /** How to make this source's environments available, for an error message; empty when nothing is missing. */
    default String setupHint() {
        return "";
    }
}

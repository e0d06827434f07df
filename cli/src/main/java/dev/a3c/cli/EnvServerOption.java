package dev.a3c.cli;

import dev.a3c.envbridge.Bridge;
import picocli.CommandLine.Option;

/** {@code --env-server}: a running environment bridge for this process's gymnasium: environments. */
final class EnvServerOption {

    @Option(names = "--env-server", paramLabel = "HOST:PORT",
            description = "A running environment bridge (python -m a3c_bridge --host H --port P, from bridge/) for "
                    + "gymnasium: environments, instead of one started by this process; also A3C_ENV_SERVER.")
    String target;

    /** Makes this process's gymnasium: environments use the bridge given, if one was. */
    void apply() {
        if (target != null && !target.isBlank()) {
            System.setProperty(Bridge.SERVER_PROPERTY, target.strip());
        }
    }
}

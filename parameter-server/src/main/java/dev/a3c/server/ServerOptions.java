package dev.a3c.server;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.grpc.ServerSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a parameter server process (the training itself is {@link TrainingConfig}). Built with
 * {@link #builder(TrainingConfig, Path)}, whose defaults are those of {@code a3c server} except the address: a builder
 * starts on loopback with ports the system picks.
 *
 * @param config training configuration (ignored when resuming: the checkpoint's is used)
 * @param runDir the run folder
 * @param resume continue from the newest valid checkpoint in the run folder, if there is one
 * @param bindHost address to listen on
 * @param grpcPort gRPC port, 0 for any free port
 * @param httpPort HTTP port for the dashboard, /metrics and /status, 0 for any free port
 * @param stopGrace how long to keep answering "stop" to workers after training ends
 * @param keepCheckpoints how many periodic checkpoints to keep (the newest valid ones)
 * @param maxMessageBytes the largest gRPC message accepted
 * @param checkpointEveryUpdates also checkpoint each time the weights version reaches a multiple of this (besides
 *     the configuration's time interval); 0 for off
 * @param security TLS, mutual TLS and the shared token for gRPC ({@link ServerSecurity#NONE} for none)
 * @param lease a worker not heard from for this long is counted as gone (its id expires)
 */
public record ServerOptions(TrainingConfig config, Path runDir, boolean resume, String bindHost, int grpcPort,
                            int httpPort, Duration stopGrace, int keepCheckpoints, int maxMessageBytes,
                            long checkpointEveryUpdates, ServerSecurity security, Duration lease) {

    /** {@code a3c server}'s defaults (its options name these constants). */
    public static final int DEFAULT_KEEP_CHECKPOINTS = 3;
    public static final int DEFAULT_STOP_GRACE_SECONDS = 10;
    public static final int DEFAULT_MAX_MESSAGE_MB = 64;
    /** Far longer than a rollout, short enough to notice a dead worker within a minute. */
    public static final int DEFAULT_LEASE_SECONDS = 30;

    public ServerOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(security, "security (ServerSecurity.NONE for none)");
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the worker lease must be positive");
        }
        if (stopGrace == null || stopGrace.isNegative()) {
            throw new IllegalArgumentException("the stop grace must be >= 0");
        }
        if (grpcPort < 0 || grpcPort > 65535 || httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("ports must be in [0, 65535]");
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("keep at least one checkpoint");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("the largest message must be at least one byte");
        }
        if (checkpointEveryUpdates < 0) {
            throw new IllegalArgumentException("checkpoint every N updates needs N >= 0 (0 = off), got " + checkpointEveryUpdates);
        }
    }

    public static Builder builder(TrainingConfig config, Path runDir) {
        return new Builder(config, runDir);
    }

    /** These options as a builder, to change some. */
    public Builder toBuilder() {
        return new Builder(config, runDir).resume(resume).bind(bindHost).grpcPort(grpcPort).httpPort(httpPort)
                .stopGrace(stopGrace).keepCheckpoints(keepCheckpoints).maxMessageBytes(maxMessageBytes)
                .checkpointEveryUpdates(checkpointEveryUpdates).security(security).lease(lease);
    }

    public static final class Builder {
        private final TrainingConfig config;
        private final Path runDir;
        private boolean resume;
        private String bindHost = "127.0.0.1";
        private int grpcPort;
        private int httpPort;
        private Duration stopGrace = Duration.ofSeconds(DEFAULT_STOP_GRACE_SECONDS);
        private int keepCheckpoints = DEFAULT_KEEP_CHECKPOINTS;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_MB << 20;
        private long checkpointEveryUpdates;
        private ServerSecurity security = ServerSecurity.NONE;
        private Duration lease = Duration.ofSeconds(DEFAULT_LEASE_SECONDS);

        private Builder(TrainingConfig config, Path runDir) {
            this.config = config;
            this.runDir = runDir;
        }

        public Builder resume(boolean value) {
            resume = value;
            return this;
        }

        public Builder bind(String host) {
            bindHost = host;
            return this;
        }

        public Builder grpcPort(int port) {
            grpcPort = port;
            return this;
        }

        public Builder httpPort(int port) {
            httpPort = port;
            return this;
        }

        public Builder stopGrace(Duration value) {
            stopGrace = value;
            return this;
        }

        public Builder keepCheckpoints(int value) {
            keepCheckpoints = value;
            return this;
        }

        public Builder maxMessageBytes(int value) {
            maxMessageBytes = value;
            return this;
        }

        public Builder checkpointEveryUpdates(long value) {
            checkpointEveryUpdates = value;
            return this;
        }

        public Builder security(ServerSecurity value) {
            security = value;
            return this;
        }

        public Builder lease(Duration value) {
            lease = value;
            return this;
        }

        public ServerOptions build() {
            return new ServerOptions(config, runDir, resume, bindHost, grpcPort, httpPort, stopGrace, keepCheckpoints,
                    maxMessageBytes, checkpointEveryUpdates, security, lease);
        }
    }
}

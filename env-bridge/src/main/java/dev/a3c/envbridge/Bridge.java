package dev.a3c.envbridge;

import dev.a3c.proto.envbridge.EnvBridgeGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A connection to an environment bridge: either this JVM's own bridge process (started on first use, stopped when
 * the JVM exits) or one that runs elsewhere ({@code --env-server HOST:PORT}, for a simulator on another machine).
 */
public final class Bridge implements AutoCloseable {

    /** The system property, and environment variable, that name a running bridge instead of starting one. */
    public static final String SERVER_PROPERTY = "a3c.envServer";
    public static final String SERVER_VARIABLE = "A3C_ENV_SERVER";

    /** Calls that take longer than this are failed, never waited for forever (opening imports Gymnasium). */
    static final long CALL_DEADLINE_SECONDS = 300;

    private static Bridge shared;

    private final String target;
    private final ManagedChannel channel;
    private final BridgeProcess process;

    private Bridge(String target, BridgeProcess process) {
        this.target = target;
        this.process = process;
        this.channel = NettyChannelBuilder.forTarget(target).usePlaintext()
                .maxInboundMessageSize(256 << 20).build();
    }

    /** A bridge at {@code host:port} that this JVM does not own. */
    public static Bridge connect(String target) {
        return new Bridge(target, null);
    }

    /** A new bridge process of this JVM's own. */
    public static Bridge launch(BridgeLocation location) {
        BridgeProcess process = BridgeProcess.start(location);
        return new Bridge("127.0.0.1:" + process.port(), process);
    }

    /**
     * This JVM's bridge: the one named by {@value #SERVER_PROPERTY} or {@value #SERVER_VARIABLE}, else a process
     * started now that ends with this JVM.
     */
    public static synchronized Bridge shared() {
        if (shared == null) {
            String target = System.getProperty(SERVER_PROPERTY, System.getenv(SERVER_VARIABLE));
            Bridge bridge = target != null && !target.isBlank() ? connect(target.strip()) : launch(BridgeLocation.require());
            // no shutdown hook: the server's own hooks still evaluate through the bridge while the JVM exits; a
            // bridge process of this JVM's stops by itself within a second of the JVM's end (it watches its parent)
            shared = bridge;
        }
        return shared;
    }

    EnvBridgeGrpc.EnvBridgeBlockingStub stub() {
        return EnvBridgeGrpc.newBlockingStub(channel).withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs a call; a bridge's refusal becomes an IllegalArgumentException with its one-line reason. */
    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String reason = e.getStatus().getDescription();
            if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.FAILED_PRECONDITION
                    || code == Status.Code.NOT_FOUND) {
                throw new IllegalArgumentException(reason, e);
            }
            String end = process != null ? ": " + process.describeEnd() : "";
            throw new IllegalStateException("environment bridge " + target + " failed in " + what + " (" + code
                    + (reason != null ? ": " + reason : "") + ")" + end, e);
        }
    }

    /** The bridge process's pid, or -1 for a bridge this JVM does not own. */
    public long pid() {
        return process != null ? process.pid() : -1;
    }

    public String target() {
        return target;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process != null) {
            process.close();
        }
    }
}

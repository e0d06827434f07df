package dev.a3c.worker.client;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes a channel that could not connect try again now. After a failed connection a gRPC channel fails every call at
 * once until its reconnect backoff has passed (1 s at first, growing to 2 minutes); a worker that retries on its own
 * schedule would meet a stale failure at each attempt until then. This ends the backoff and waits briefly (at most
 * {@link #WAIT_MILLIS} ms) for the connection: the channel keeps reporting TRANSIENT_FAILURE while it tries again, and turns
 * READY within milliseconds if a server listens, so that the next call goes through instead of failing.
 */
public final class Reconnect {

    /** How long {@link #of} waits for the channel to connect after ending its backoff. */
    static final long WAIT_MILLIS = 250;

    private Reconnect() {}

    /** The action for {@code channel}: {@link ParameterServerClient}'s {@code reconnect}. */
    public static Runnable of(ManagedChannel channel) {
        return () -> now(channel);
    }

    static void now(ManagedChannel channel) {
        ConnectivityState state = channel.getState(false);
        if (state != ConnectivityState.TRANSIENT_FAILURE && state != ConnectivityState.IDLE) {
            return;
        }
        CountDownLatch changed = new CountDownLatch(1);
        channel.notifyWhenStateChanged(state, changed::countDown);
        if (state == ConnectivityState.IDLE) {
            channel.getState(true);
        } else {
            channel.resetConnectBackoff();
        }
        try {
            changed.await(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

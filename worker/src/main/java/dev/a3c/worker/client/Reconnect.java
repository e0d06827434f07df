package dev.a3c.worker.client;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes a channel that could not connect try again now. After a failed connection a gRPC channel fails every call at
 * once until its reconnect backoff has passed (1 s at first, growing to 2 minutes); a worker that retries on its own
 * schedule would meet a stale failure at each attempt until then. This ends the backoff and waits (briefly) for the
 * channel to start connecting, so that the next call waits for the connection instead of failing.
 */
public final class Reconnect {

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
            changed.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.a3c.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay that delays every byte it forwards, each way, by a base delay plus uniform jitter, keeping the stream's
 * order (a chunk never overtakes the one before it): the latency of a WAN link, which this kernel's missing netem
 * qdisc cannot add. A test runs it as its own process inside a network namespace:
 * {@code DelayRelay LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS JITTER_MS SEED}; it prints
 * {@code relay listening} once it accepts connections, and runs until killed.
 */
public final class DelayRelay {

    private static final byte[] END = new byte[0];

    private record Chunk(byte[] bytes, long dueNanos) {}

    private final InetSocketAddress target;
    private final long delayNanos;
    private final long jitterNanos;
    private final SplittableRandom random;

    DelayRelay(InetSocketAddress target, long delayMillis, long jitterMillis, long seed) {
        if (jitterMillis > delayMillis) {
            throw new IllegalArgumentException("jitter " + jitterMillis + " ms exceeds the delay " + delayMillis + " ms");
        }
        this.target = target;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.jitterNanos = TimeUnit.MILLISECONDS.toNanos(jitterMillis);
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 7) {
            System.err.println("usage: DelayRelay LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS JITTER_MS SEED");
            System.exit(2);
        }
        DelayRelay relay = new DelayRelay(new InetSocketAddress(args[2], Integer.parseInt(args[3])),
                Long.parseLong(args[4]), Long.parseLong(args[5]), Long.parseLong(args[6]));
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]))) {
            System.out.println("relay listening");
            System.out.flush();
            while (true) {
                Socket client = server.accept();
                relay.connect(client);
            }
        }
    }

    private void connect(Socket client) {
        daemon("relay-connect", () -> {
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 10_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                long seed;
                synchronized (random) {
                    seed = random.nextLong();
                }
                pipe(client, upstream, new SplittableRandom(seed));
                pipe(upstream, client, new SplittableRandom(seed + 1));
            } catch (IOException e) {
                closeQuietly(client);
            }
        });
    }

    /** Forwards what {@code from} sends to {@code to}, each chunk after its delay; a reader and a writer thread. */
    private void pipe(Socket from, Socket to, SplittableRandom jitter) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon("relay-read", () -> {
            long lastDue = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long due = Math.max(System.nanoTime() + delay(jitter), lastDue);
                    lastDue = due;
                    queue.put(new Chunk(Arrays.copyOf(buffer, n), due));
                }
            } catch (IOException | InterruptedException e) {
                // the connection is gone: pass the end on
            }
            queue.add(new Chunk(END, Math.max(System.nanoTime() + delayNanos, lastDue)));
        });
        daemon("relay-write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (chunk.bytes() == END) {
                        to.shutdownOutput();
                        break;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private long delay(SplittableRandom jitter) {
        return jitterNanos == 0 ? delayNanos : delayNanos - jitterNanos + jitter.nextLong(2 * jitterNanos + 1);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

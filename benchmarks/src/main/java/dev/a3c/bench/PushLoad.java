package dev.a3c.bench;

import dev.a3c.config.TrainingConfig;
import dev.a3c.config.WirePrecision;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.wire.TensorCodec;
import dev.a3c.worker.client.ParameterServerClient;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Load on a real parameter server over loopback: N simulated workers, each with its own channel,
 * register and push gradients back to back (each push waits for its answer, which brings the newest
 * weights, as a worker's does)
 * for a fixed time. Reports the pushes the workers saw applied, the server's update count (they
 * must agree: every accepted push applied exactly once), errors, and the push latency percentiles
 * seen by the clients.
 *
 * <p>{@code bench/load.sh [WORKERS] [SECONDS] [ENV]} runs {@link #main}.
 */
public final class PushLoad {

    /** What a load run measured; latencies in microseconds. */
    public record Result(int workers, double seconds, long applied, long duplicates, long errors, long serverUpdates,
                         long serverEnvSteps, long p50Micros, long p90Micros, long p99Micros, long maxMicros,
                         int gradientBytes) {

        public double pushesPerSecond() {
            return applied / seconds;
        }

        @Override
        public String toString() {
            return String.format("workers %d, %.1f s, gradient %,d bytes: %,d pushes applied (%,.0f/s), %d duplicates, "
                            + "%d errors; server updates %,d; push latency p50 %,d us, p90 %,d us, p99 %,d us, max %,d us",
                    workers, seconds, gradientBytes, applied, pushesPerSecond(), duplicates, errors, serverUpdates,
                    p50Micros, p90Micros, p99Micros, maxMicros);
        }
    }

    private record WorkerResult(long applied, long duplicates, long errors, long[] latencies, int count) {}

    private PushLoad() {}

    /** Runs {@code workers} simulated workers against {@code server} for {@code duration}. */
    public static Result run(ParameterServer server, int workers, Duration duration) throws Exception {
        int parameters = server.session().parameterCount();
        WirePrecision precision = server.session().config().algorithm().wirePrecision();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<ManagedChannel> channels = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WorkerResult>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
                        .maxInboundMessageSize(256 << 20).build();
                channels.add(channel);
                long seed = w;
                futures.add(pool.submit(() -> worker(channel, parameters, precision, seed, ready, go, duration)));
            }
            if (!ready.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("workers did not register in time");
            }
            long start = System.nanoTime();
            go.countDown();
            long applied = 0;
            long duplicates = 0;
            long errors = 0;
            List<long[]> all = new ArrayList<>();
            int total = 0;
            for (Future<WorkerResult> f : futures) {
                WorkerResult r = f.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
                applied += r.applied();
                duplicates += r.duplicates();
                errors += r.errors();
                all.add(Arrays.copyOf(r.latencies(), r.count()));
                total += r.count();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] latencies = new long[total];
            int at = 0;
            for (long[] part : all) {
                System.arraycopy(part, 0, latencies, at, part.length);
                at += part.length;
            }
            Arrays.sort(latencies);
            var status = server.session().status();
            return new Result(workers, seconds, applied, duplicates, errors, status.updates(), status.envSteps(),
                    percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000, parameters * precision.bytes());
        } finally {
            pool.shutdownNow();
            for (ManagedChannel c : channels) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static WorkerResult worker(ManagedChannel channel, int parameters, WirePrecision precision, long seed,
                                       CountDownLatch ready,
                                       CountDownLatch go, Duration duration) throws Exception {
        ParameterServerClient client = new ParameterServerClient(channel, Duration.ofSeconds(30));
        int id = client.register("load", ProcessHandle.current().pid(), 1, "load").workerId();
        float[] values = new float[parameters];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < parameters; i++) {
            values[i] = (float) random.nextDouble(-1e-3, 1e-3);
        }
        byte[] gradient = TensorCodec.encode(FloatBuffer.wrap(values), precision);
        long[] latencies = new long[1 << 16];
        int count = 0;
        long applied = 0;
        long duplicates = 0;
        long errors = 0;
        long version = 0;
        ready.countDown();
        go.await();
        long end = System.nanoTime() + duration.toNanos();
        long sequence = 0;
        while (System.nanoTime() < end) {
            sequence++;
            long t0 = System.nanoTime();
            try {
                // as a worker pushes: the answer brings the newest weights
                ParameterServerClient.PushAck ack = client.pushAsync(id, sequence, version, gradient, 5, List.of(), null, precision, true)
                        .get();
                long nanos = System.nanoTime() - t0;
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = nanos;
                version = ack.weights() != null ? ack.weights().version() : ack.version();
                if (ack.applied()) {
                    applied++;
                } else if (ack.duplicate()) {
                    duplicates++;
                }
                if (ack.stop()) {
                    break;
                }
            } catch (Exception e) {
                errors++;
            }
        }
        return new WorkerResult(applied, duplicates, errors, latencies, count);
    }

    private static long percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1000;
    }

    /**
     * {@code PushLoad [WORKERS] [SECONDS] [ENV] [OPTIONS...]}: one load run against a fresh server of ENV's defaults
     * and OPTIONS (for example {@code --wire-precision bfloat16}); prints the figures.
     */
    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String env = args.length > 2 ? args[2] : "CartPole-v1";
        TrainingConfig config = TrainingConfig.of(env, "--max-steps " + Long.MAX_VALUE / 2
                + " --no-anneal-lr --target-return none --checkpoint-interval 1h"
                + (args.length > 3 ? " " + String.join(" ", Arrays.copyOfRange(args, 3, args.length)) : ""));
        Path runDir = Files.createTempDirectory("a3c-load");
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(config, runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(256 << 20).build())) {
            Result result = run(server, workers, Duration.ofSeconds(seconds));
            System.out.println(env + " (" + config.networkSpec().describe() + "), " + result);
            if (result.applied() != result.serverUpdates() || result.errors() > 0) {
                System.out.println("MISMATCH: the workers saw " + result.applied() + " pushes applied, the server counted "
                        + result.serverUpdates() + "; errors " + result.errors());
                System.exit(1);
            }
        }
    }
}

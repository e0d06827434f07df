package dev.a3c.bench;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.ActionHead;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.NativeKernels;
import dev.a3c.network.PlainNetwork;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Times the network calls a worker makes, one at a time on one thread: acting (a forward pass of a batch of 16
 * observations) and learning (a forward and a backward pass of 80 and of 320 rows: t_max 5 x 16 environments, and
 * 20 x 16). Prints one line per call kind: {@code net op batch median_ms p10_ms p90_ms calls}.
 *
 * <p>{@code bench/network.sh} runs it beside the same calls in PyTorch ({@code bench/network_torch.py}), interleaved.
 *
 * <pre>NetworkCalls ENV [CALLS] [dl4j|java]</pre>
 * ENV picks the network of that environment's defaults (MinAtar/Breakout-v0: 10x10x4, conv 16 3x3, dense 128,
 * 6 actions), or {@code atari} the A3C paper's Atari network ({@link #ATARI}). {@code dl4j} (the default) times
 * DL4J's calls, {@code java} the plain-Java network's ({@link PlainNetwork}: learning is the forward pass that
 * keeps its trace, as acting does, and the backward pass from that trace).
 */
public final class NetworkCalls {

    /** The A3C paper's Atari network: 4 stacked 84x84 frames, 16 8x8/4, 32 4x4/2, dense 256, 6 actions. */
    static final NetworkSpec ATARI = new NetworkSpec(List.of(84, 84, 4), Torso.Conv.atari(), 0,
            ActionHead.categorical(6), false);

    private NetworkCalls() {}

    public static void main(String[] args) {
        NativeKernels.select();
        NativeKernels.enableLayerHelpers();
        String env = args.length > 0 ? args[0] : "MinAtar/Breakout-v0";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        NetworkSpec spec = env.equals("atari") ? ATARI : TrainingConfig.defaults(env).networkSpec();
        System.err.println(NativeKernels.describe());
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 1);
        SplittableRandom random = new SplittableRandom(7);
        String name = env.replace('/', '_');
        if (args.length > 2 && args[2].equals("java")) {
            PlainNetwork plain = new PlainNetwork(network);
            report(name, "act", 16, time(calls, inputs(spec, random, 16), obs -> act(plain, obs, 16)));
            report(name, "learn", 80, time(calls, inputs(spec, random, 80), obs -> learn(plain, random, obs, 80)));
            report(name, "learn", 320, time(Math.max(20, calls / 4), inputs(spec, random, 320),
                    obs -> learn(plain, random, obs, 320)));
            return;
        }
        report(name, "act", 16, time(calls, inputs(spec, random, 16), obs -> act(network, obs, 16)));
        report(name, "learn", 80, time(calls, inputs(spec, random, 80), obs -> learn(network, random, obs, 80)));
        report(name, "learn", 320, time(Math.max(20, calls / 4), inputs(spec, random, 320),
                obs -> learn(network, random, obs, 320)));
    }

    private static void act(PlainNetwork plain, float[] observations, int rows) {
        NetworkSpec spec = plain.spec();
        float[] policy = new float[rows * spec.head().outputWidth()];
        plain.act(observations, rows, null, policy, new float[rows]);
    }

    private static void learn(PlainNetwork plain, SplittableRandom random, float[] observations, int rows) {
        NetworkSpec spec = plain.spec();
        int width = spec.head().outputWidth();
        PlainNetwork.Trace trace = plain.newTrace(rows);
        plain.forward(observations, 0, rows, trace, new float[rows * width], 0, new float[rows], 0);
        plain.backward(trace, lossGradient(random, rows * width, 0.1), lossGradient(random, rows, 1),
                new float[Math.toIntExact(spec.parameterCount())]);
    }

    private static double[] lossGradient(SplittableRandom random, int n, double scale) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = random.nextDouble(-scale, scale);
        }
        return g;
    }

    private static float[] observations(NetworkSpec spec, SplittableRandom random, int rows) {
        float[] obs = new float[rows * spec.observationSize()];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = random.nextInt(4) == 0 ? 1f : 0f;      // sparse binary images, like MinAtar's
        }
        return obs;
    }

    private static void act(ActorCriticNetwork network, float[] observations, int rows) {
        NetworkSpec spec = network.spec();
        float[] policy = new float[rows * spec.head().outputWidth()];
        float[] values = new float[rows];
        network.predict(observations, rows, policy, values);
    }

    private static void learn(ActorCriticNetwork network, SplittableRandom random, float[] observations, int rows) {
        NetworkSpec spec = network.spec();
        int width = spec.head().outputWidth();
        double[] policy = new double[rows * width];
        double[] values = new double[rows];
        ActorCriticNetwork.ForwardPass pass = network.forward(observations, rows, policy, values);
        network.backward(pass, lossGradient(random, rows * width, 0.1), lossGradient(random, rows, 1));
    }

    /**
     * Observations for calls of {@code rows} rows, made before the timing starts (a worker's come from its
     * environments; making 2 million random values for 80 Atari frames took longer than the network's own work):
     * {@link #POOL} batches taken in turn, so that no call reads what the one before left in cache.
     */
    private static Supplier<float[]> inputs(NetworkSpec spec, SplittableRandom random, int rows) {
        float[][] pool = new float[POOL][];
        for (int i = 0; i < POOL; i++) {
            pool[i] = observations(spec, random, rows);
        }
        int[] next = {0};
        return () -> pool[next[0]++ % POOL];
    }

    private static final int POOL = 4;

    /** Milliseconds of each of {@code calls} calls, sorted, after a warm-up of 3 s and at least 5 calls (the JIT). */
    private static double[] time(int calls, Supplier<float[]> inputs, Consumer<float[]> call) {
        long warm = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 5 || System.nanoTime() < warm; i++) {
            call.accept(inputs.get());
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            float[] observations = inputs.get();
            long start = System.nanoTime();
            call.accept(observations);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(String net, String op, int batch, double[] sortedMs) {
        int n = sortedMs.length;
        System.out.println(String.format(Locale.ROOT, "%s %s %d %.3f %.3f %.3f %d", net, op, batch, sortedMs[n / 2],
                sortedMs[n / 10], sortedMs[(n * 9) / 10], n));
    }
}

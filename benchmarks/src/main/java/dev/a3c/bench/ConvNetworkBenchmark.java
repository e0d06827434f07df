package dev.a3c.bench;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.TrainingConfig;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.PlainNetwork;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The plain-Java convolutional networks' calls under JMH: acting on 16 observations and learning (the forward pass that
 * keeps its trace, then the backward pass) on {@code rows} rows, for the MinAtar network and the A3C paper's Atari
 * network. {@code bench/network.sh} times the same calls beside PyTorch; this keeps the kernels' own figures
 * ({@code bench/jmh.sh ConvNetworkBenchmark -p net=atari}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=1g",
        "--add-modules", "jdk.incubator.vector"})
public class ConvNetworkBenchmark {

    @Param({"minatar", "atari"})
    String net;

    @Param({"80"})
    int rows;

    private PlainNetwork plain;
    private float[] acting;
    private float[] learning;
    private float[] policy;
    private float[] values;
    private double[] policyGrad;
    private double[] valueGrad;
    private float[] gradient;
    private PlainNetwork.Trace trace;

    @Setup
    public void setUp() {
        NetworkSpec spec = net.equals("atari") ? NetworkCalls.ATARI
                : TrainingConfig.defaults("MinAtar/Breakout-v0").networkSpec();
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 1);
        plain = new PlainNetwork(network);
        SplittableRandom random = new SplittableRandom(3);
        acting = binary(random, 16 * spec.observationSize());
        learning = binary(random, rows * spec.observationSize());
        int width = spec.head().outputWidth();
        policy = new float[rows * width];
        values = new float[rows];
        policyGrad = new double[rows * width];
        valueGrad = new double[rows];
        for (int i = 0; i < policyGrad.length; i++) {
            policyGrad[i] = random.nextDouble(-0.1, 0.1);
        }
        for (int i = 0; i < valueGrad.length; i++) {
            valueGrad[i] = random.nextDouble(-1, 1);
        }
        gradient = new float[Math.toIntExact(spec.parameterCount())];
        trace = plain.newTrace(rows);
    }

    private static float[] binary(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextInt(4) == 0 ? 1f : 0f;
        }
        return x;
    }

    @Benchmark
    public float act() {
        plain.act(acting, 16, null, policy, values);
        return values[0];
    }

    @Benchmark
    public float learn() {
        trace.clear();
        plain.forward(learning, 0, rows, trace, policy, 0, values, 0);
        plain.backward(trace, policyGrad, valueGrad, gradient);
        return gradient[0];
    }
}

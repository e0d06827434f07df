package dev.a3c.bench;

import dev.a3c.config.NetworkSpec;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.PlainNetwork;
import java.util.List;
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
 * The worker's two costs per rollout, for the CartPole network (4-64-64-(2,1)): acting (one
 * forward pass for K observations per step; DL4J versus the plain-Java {@link PlainNetwork}) and
 * learning (DL4J forward + backward over the rollout's K*(T+1) rows).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dorg.bytedeco.javacpp.maxbytes=512m"})
public class WorkerStepBenchmark {

    @Param({"1", "16", "64"})
    int envs;

    private ActorCriticNetwork network;
    private PlainNetwork inference;
    private float[] observations;
    private float[] logits;
    private float[] values;
    private float[] batch;
    private double[] batchLogits;
    private double[] batchValues;
    private int rows;

    @Setup
    public void setUp() {
        NetworkSpec spec = NetworkSpec.mlp(4, 2, List.of(64, 64), "tanh");
        network = ActorCriticNetwork.create(spec, 1);
        inference = new PlainNetwork(network);
        SplittableRandom random = new SplittableRandom(1);
        observations = new float[envs * 4];
        for (int i = 0; i < observations.length; i++) {
            observations[i] = (float) random.nextDouble(-1, 1);
        }
        logits = new float[envs * 2];
        values = new float[envs];
        rows = envs * 6;   // T = 5 rollout steps plus the bootstrap row
        batch = new float[rows * 4];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) random.nextDouble(-1, 1);
        }
        batchLogits = new double[rows * 2];
        batchValues = new double[rows];
    }

    @Benchmark
    public float actDl4j() {
        network.predict(observations, envs, logits, values);
        return values[0];
    }

    @Benchmark
    public float actPlainJava() {
        inference.act(observations, envs, null, logits, values);
        return values[0];
    }

    @Benchmark
    public double learnDl4jForwardBackward() {
        ActorCriticNetwork.ForwardPass pass = network.forward(batch, rows, batchLogits, batchValues);
        network.backward(pass, batchLogits, batchValues);
        return network.gradient().get(0);
    }
}

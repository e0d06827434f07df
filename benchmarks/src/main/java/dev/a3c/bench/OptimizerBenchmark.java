package dev.a3c.bench;

import dev.a3c.learning.optim.Optimizer;
import dev.a3c.learning.optim.OptimizerKind;
import dev.a3c.learning.optim.OptimizerSettings;
import dev.a3c.network.Dl4jUpdaters;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
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

/** The server's cost per push: one shared-optimizer step, ours (plain loop) versus DL4J's updater. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dorg.bytedeco.javacpp.maxbytes=512m"})
public class OptimizerBenchmark {

    @Param({"RMSPROP", "ADAM"})
    OptimizerKind kind;

    @Param({"17539"})
    int parameters;

    private Optimizer ours;
    private FloatBuffer params;
    private FloatBuffer gradient;
    private GradientUpdater<?> dl4j;
    private INDArray dl4jParams;
    private INDArray dl4jGradient;

    @Setup
    public void setUp() {
        ours = Optimizer.create(kind, parameters, OptimizerSettings.DEFAULTS);
        float[] g = new float[parameters];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) Math.sin(i) * 1e-3f;
        }
        params = FloatBuffer.wrap(new float[parameters]);
        gradient = FloatBuffer.wrap(g);
        IUpdater config = Dl4jUpdaters.of(kind, 1e-4, OptimizerSettings.DEFAULTS);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, config.stateSize(parameters));
        dl4j = config.instantiate(state, true);
        dl4jParams = Nd4j.zeros(DataType.FLOAT, 1, parameters);
        dl4jGradient = Nd4j.createFromArray(g).reshape(1, parameters);
    }

    @Benchmark
    public float plainLoop() {
        ours.step(params, gradient, 1e-4);
        return params.get(0);
    }

    @Benchmark
    public float dl4jUpdater() {
        INDArray update = dl4jGradient.dup();
        dl4j.applyUpdater(update, 0, 0);
        dl4jParams.subi(update);
        return dl4jParams.getFloat(0);
    }
}

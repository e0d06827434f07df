package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.optim.Optimizer;
import dev.a3c.proto.DType;
import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.EpisodeResult;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.PullWeightsRequest;
import dev.a3c.proto.PushGradientsRequest;
import dev.a3c.proto.PushGradientsResponse;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.proto.Tensor;
import dev.a3c.server.LoopbackGrpc;
import dev.a3c.server.TestSupport;
import dev.a3c.server.training.RunState;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.training.WorkerStatus;
import dev.a3c.server.validation.RequestLimits;
import dev.a3c.wire.Refusal;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per kind of request no honest worker sends, for every field of Register, PullWeights,
 * PushGradients and Deregister (too small, too large, negative, one past the bound, wrong
 * characters, malformed bytes), through real gRPC over loopback with the production server setup.
 * Each refused row must get its status and a one-line reason, count once under its reason, and leave
 * the run bit for bit as it was: weights, optimizer state, version, counters, episode statistics,
 * the worker registry and the episode log. Rows at the bound must be accepted. After every row an
 * honest push must move the weights exactly as the shared optimizer says.
 */
class ImpossibleRequestsTest {

    /** K x t_max of {@link TestSupport#config()}: 100 environments x 5 steps. */
    private static final int STEPS = 500;
    /** CartPole-v1's time limit. */
    private static final int MAX_LENGTH = 500;
    private static final double CLIP = TestSupport.MAX_GRAD_NORM;
    private static final float[] SMALL = TestSupport.gradient(PARAMETERS, 0.01f);

    /**
     * A running session with two workers: {@code a} registered first; {@code b}, the subject of the
     * rows, registered at version 3, had its push of sequence 1 applied on base version 4; the server
     * is at version 6.
     */
    static final class Scene implements AutoCloseable {
        final LoopbackGrpc grpc;
        final ParameterServerGrpc.ParameterServerBlockingStub stub;
        final int a;
        final int b;
        final ByteString keyA;
        final ByteString keyB;
        private long nextSequenceOfA = 1;

        Scene() throws IOException {
            grpc = new LoopbackGrpc(TestSupport.config());
            stub = grpc.stub();
            RegisterResponse ra = stub.register(registration().build());
            a = ra.getWorkerId();
            keyA = ra.getWorkerKey();
            for (int i = 0; i < 3; i++) {
                pushAsA();
            }
            RegisterResponse rb = stub.register(registration().setHost("b").build());
            b = rb.getWorkerId();
            keyB = rb.getWorkerKey();
            assertEquals(3, rb.getWeightsVersion());
            pushAsA();
            assertTrue(stub.pushGradients(push().setSequence(1).setBaseVersion(4).build()).getApplied());
            pushAsA();
            assertEquals(6, version());
        }

        long version() {
            return grpc.session.status().version();
        }

        /** An honest push of worker a on the newest weights; returns the gradient it applied. */
        PushGradientsResponse pushAsA() {
            return stub.pushGradients(PushGradientsRequest.newBuilder().setWorkerId(a).setWorkerKey(keyA)
                    .setSequence(nextSequenceOfA++).setBaseVersion(version()).setGradient(vector(SMALL))
                    .setEnvSteps(STEPS).build());
        }

        /** What b may send next: sequence 2, on the newest weights, a full rollout, no episodes. */
        PushGradientsRequest.Builder push() {
            return PushGradientsRequest.newBuilder().setWorkerId(b).setWorkerKey(keyB).setSequence(2)
                    .setBaseVersion(version()).setGradient(vector(SMALL)).setEnvSteps(STEPS);
        }

        PullWeightsRequest.Builder pull() {
            return PullWeightsRequest.newBuilder().setWorkerId(b).setWorkerKey(keyB).setSinceVersion(-1);
        }

        DeregisterRequest.Builder deregister() {
            return DeregisterRequest.newBuilder().setWorkerId(b).setWorkerKey(keyB);
        }

        @Override
        public void close() throws InterruptedException {
            grpc.close();
        }
    }

    static RegisterRequest.Builder registration() {
        return RegisterRequest.newBuilder().setHost("a").setPid(4242).setCores(2).setProgramVersion("0.1.0-SNAPSHOT");
    }

    /** Everything of the run a refused request must leave as it was. */
    record RunState(long version, long envSteps, long episodes, List<Double> recentReturns, Double bestAverage,
                    float[] weights, float[] optimizerState, long optimizerSteps, List<WorkerStatus> workers,
                    int episodeLog, double updatesCounted, double stepsCounted) {

        static RunState of(LoopbackGrpc grpc) {
            TrainingSession.CheckpointData data = grpc.session.checkpointData();
            return new RunState(data.model().version(), data.envSteps(), data.episodes(), data.recentReturns(),
                    data.bestAverage(), data.model().graph().params().toFloatVector(), data.model().optimizerState(),
                    data.model().optimizerSteps(), grpc.session.status().workers(), grpc.episodeLog.size(),
                    grpc.meters.get("a3c.updates").counter().count(), grpc.meters.get("a3c.env.steps").counter().count());
        }

        void assertSameAs(RunState before) {
            assertEquals(before.version, version, "version");
            assertEquals(before.envSteps, envSteps, "env steps");
            assertEquals(before.episodes, episodes, "episodes");
            assertEquals(before.recentReturns, recentReturns, "episode window");
            assertEquals(before.bestAverage, bestAverage, "best average");
            assertArrayEquals(before.weights, weights, "weights");
            assertArrayEquals(before.optimizerState, optimizerState, "optimizer state");
            assertEquals(before.optimizerSteps, optimizerSteps, "optimizer steps");
            assertEquals(before.workers, workers, "worker registry");
            assertEquals(before.episodeLog, episodeLog, "episode log");
            assertEquals(before.updatesCounted, updatesCounted, "updates counter");
            assertEquals(before.stepsCounted, stepsCounted, "env steps counter");
        }
    }

    /** A request to send in a scene; returns the response. */
    interface Call extends Function<Scene, Object> {}

    private static Arguments refused(String name, Status.Code code, Refusal reason, Call call) {
        return Arguments.of(name, call, code, reason);
    }

    private static Arguments accepted(String name, Call call) {
        return Arguments.of(name, call, Status.Code.OK, null);
    }

    private static Call register(UnaryOperator<RegisterRequest.Builder> change) {
        return s -> s.stub.register(change.apply(registration()).build());
    }

    private static Call push(UnaryOperator<PushGradientsRequest.Builder> change) {
        return s -> s.stub.pushGradients(change.apply(s.push()).build());
    }

    private static Call pull(UnaryOperator<PullWeightsRequest.Builder> change) {
        return s -> s.stub.pullWeights(change.apply(s.pull()).build());
    }

    private static Call deregister(UnaryOperator<DeregisterRequest.Builder> change) {
        return s -> s.stub.deregister(change.apply(s.deregister()).build());
    }

    private static Call raw(MethodDescriptor<?, ?> method, byte[] bytes) {
        return s -> ClientCalls.blockingUnaryCall(s.grpc.channel, method.toBuilder(BYTES, BYTES).build(),
                CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), bytes);
    }

    private static Call withEpisodes(int count, int length, double episodeReturn, long envSteps) {
        return push(p -> {
            p.setEnvSteps(envSteps);
            for (int i = 0; i < count; i++) {
                p.addEpisodes(EpisodeResult.newBuilder().setEpisodeReturn(episodeReturn).setLength(length));
            }
            return p;
        });
    }

    private static Call episode(int length, double episodeReturn) {
        return withEpisodes(1, length, episodeReturn, STEPS);
    }

    private static Call gradientOf(UnaryOperator<Tensor.Builder> change) {
        return push(p -> p.setGradient(change.apply(vector(SMALL).toBuilder())));
    }

    private static Call gradient(float[] values) {
        return push(p -> p.setGradient(vector(values)));
    }

    /** The small gradient scaled to this global norm. */
    private static float[] withNorm(double norm) {
        double current = 0;
        for (float v : SMALL) {
            current += (double) v * v;
        }
        float[] g = new float[SMALL.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (SMALL[i] * norm / Math.sqrt(current));
        }
        return g;
    }

    private static float[] with(int index, float value) {
        float[] g = SMALL.clone();
        g[index] = value;
        return g;
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private static final Status.Code INVALID = Status.Code.INVALID_ARGUMENT;

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        // Register: host
        rows.add(refused("host empty", INVALID, Refusal.HOST, register(r -> r.setHost(""))));
        rows.add(accepted("host of 253 characters", register(r -> r.setHost(repeat('h', 253)))));
        rows.add(refused("host of 254 characters", INVALID, Refusal.HOST, register(r -> r.setHost(repeat('h', 254)))));
        rows.add(refused("host of a million characters", INVALID, Refusal.HOST, register(r -> r.setHost(repeat('h', 1_000_000)))));
        rows.add(refused("host with a line break", INVALID, Refusal.HOST,
                register(r -> r.setHost("a\n12:00:00.000 INFO  TrainingSession - forged"))));
        rows.add(refused("host with a space", INVALID, Refusal.HOST, register(r -> r.setHost("my host"))));
        rows.add(refused("host with a NUL", INVALID, Refusal.HOST, register(r -> r.setHost("a\u0000b"))));
        rows.add(refused("host outside ASCII", INVALID, Refusal.HOST, register(r -> r.setHost("h\u00f6st"))));
        rows.add(refused("host with a line separator", INVALID, Refusal.HOST, register(r -> r.setHost("a\u2028b"))));
        rows.add(accepted("host an IPv6 address with a zone", register(r -> r.setHost("fe80::1%eth0"))));
        // Register: pid
        rows.add(refused("pid 0", INVALID, Refusal.PID, register(r -> r.setPid(0))));
        rows.add(refused("pid negative", INVALID, Refusal.PID, register(r -> r.setPid(-1))));
        rows.add(refused("pid Long.MIN_VALUE", INVALID, Refusal.PID, register(r -> r.setPid(Long.MIN_VALUE))));
        rows.add(accepted("pid 1", register(r -> r.setPid(1))));
        rows.add(accepted("pid 2^32 - 1", register(r -> r.setPid(RequestLimits.MAX_PID))));
        rows.add(refused("pid 2^32", INVALID, Refusal.PID, register(r -> r.setPid(RequestLimits.MAX_PID + 1))));
        rows.add(refused("pid Long.MAX_VALUE", INVALID, Refusal.PID, register(r -> r.setPid(Long.MAX_VALUE))));
        // Register: cores
        rows.add(refused("cores 0", INVALID, Refusal.CORES, register(r -> r.setCores(0))));
        rows.add(refused("cores negative", INVALID, Refusal.CORES, register(r -> r.setCores(-8))));
        rows.add(accepted("cores 4096", register(r -> r.setCores(RequestLimits.MAX_CORES))));
        rows.add(refused("cores 4097", INVALID, Refusal.CORES, register(r -> r.setCores(RequestLimits.MAX_CORES + 1))));
        rows.add(refused("cores Integer.MAX_VALUE", INVALID, Refusal.CORES, register(r -> r.setCores(Integer.MAX_VALUE))));
        // Register: program version
        rows.add(refused("program version empty", INVALID, Refusal.PROGRAM_VERSION, register(r -> r.setProgramVersion(""))));
        rows.add(accepted("program version of 64 characters", register(r -> r.setProgramVersion(repeat('v', 64)))));
        rows.add(refused("program version of 65 characters", INVALID, Refusal.PROGRAM_VERSION,
                register(r -> r.setProgramVersion(repeat('v', 65)))));
        rows.add(refused("program version with a space", INVALID, Refusal.PROGRAM_VERSION,
                register(r -> r.setProgramVersion("1.0 beta"))));
        rows.add(refused("program version with a line break", INVALID, Refusal.PROGRAM_VERSION,
                register(r -> r.setProgramVersion("1.0\r\n"))));
        rows.add(refused("an empty registration", INVALID, Refusal.HOST, s -> s.stub.register(RegisterRequest.getDefaultInstance())));

        // PullWeights
        rows.add(refused("pull: unknown worker id", Status.Code.NOT_FOUND, Refusal.UNKNOWN_WORKER,
                pull(p -> p.setWorkerId(7))));
        rows.add(refused("pull: no worker key", Status.Code.PERMISSION_DENIED, Refusal.WORKER_KEY,
                pull(p -> p.clearWorkerKey())));
        rows.add(refused("pull: another worker's key", Status.Code.PERMISSION_DENIED, Refusal.WORKER_KEY,
                s -> s.stub.pullWeights(s.pull().setWorkerKey(s.keyA).build())));
        rows.add(refused("pull: a key one bit off", Status.Code.PERMISSION_DENIED, Refusal.WORKER_KEY,
                s -> s.stub.pullWeights(s.pull().setWorkerKey(flipped(s.keyB)).build())));
        rows.add(refused("pull: since -2", INVALID, Refusal.SINCE_VERSION, pull(p -> p.setSinceVersion(-2))));
        rows.add(refused("pull: since Long.MIN_VALUE", INVALID, Refusal.SINCE_VERSION,
                pull(p -> p.setSinceVersion(Long.MIN_VALUE))));
        rows.add(refused("pull: since older than its registration", INVALID, Refusal.SINCE_VERSION,
                pull(p -> p.setSinceVersion(2))));
        rows.add(accepted("pull: since its registration", pull(p -> p.setSinceVersion(3))));
        rows.add(accepted("pull: since the newest version", s -> s.stub.pullWeights(s.pull().setSinceVersion(s.version()).build())));
        rows.add(refused("pull: since one past the newest version", INVALID, Refusal.SINCE_VERSION,
                s -> s.stub.pullWeights(s.pull().setSinceVersion(s.version() + 1).build())));
        rows.add(refused("pull: since Long.MAX_VALUE", INVALID, Refusal.SINCE_VERSION,
                pull(p -> p.setSinceVersion(Long.MAX_VALUE))));
        rows.add(refused("an empty pull", Status.Code.NOT_FOUND, Refusal.UNKNOWN_WORKER,
                s -> s.stub.pullWeights(PullWeightsRequest.getDefaultInstance())));

        // PushGradients: who
        rows.add(refused("push: unknown worker id", Status.Code.NOT_FOUND, Refusal.UNKNOWN_WORKER, push(p -> p.setWorkerId(-1))));
        rows.add(refused("push: no worker key", Status.Code.PERMISSION_DENIED, Refusal.WORKER_KEY, push(p -> p.clearWorkerKey())));
        rows.add(refused("push: another worker's key", Status.Code.PERMISSION_DENIED, Refusal.WORKER_KEY,
                s -> s.stub.pushGradients(s.push().setWorkerKey(s.keyA).build())));
        rows.add(refused("push: in another worker's name with a key of 16 zeros", Status.Code.PERMISSION_DENIED,
                Refusal.WORKER_KEY, s -> s.stub.pushGradients(s.push().setWorkerId(s.a)
                        .setWorkerKey(ByteString.copyFrom(new byte[16])).build())));
        // sequence
        rows.add(refused("push: sequence 0", INVALID, Refusal.SEQUENCE, push(p -> p.setSequence(0))));
        rows.add(refused("push: sequence negative", INVALID, Refusal.SEQUENCE, push(p -> p.setSequence(-2))));
        rows.add(accepted("push: sequence 1 again (a retry: duplicate)", push(p -> p.setSequence(1).setBaseVersion(4))));
        rows.add(accepted("push: the next sequence", push(p -> p.setSequence(2))));
        rows.add(refused("push: a sequence skipping one", INVALID, Refusal.SEQUENCE, push(p -> p.setSequence(3))));
        rows.add(refused("push: sequence Long.MAX_VALUE", INVALID, Refusal.SEQUENCE, push(p -> p.setSequence(Long.MAX_VALUE))));
        // base version
        rows.add(refused("push: base version negative", INVALID, Refusal.BASE_VERSION, push(p -> p.setBaseVersion(-1))));
        rows.add(refused("push: base version Long.MIN_VALUE", INVALID, Refusal.BASE_VERSION,
                push(p -> p.setBaseVersion(Long.MIN_VALUE))));
        rows.add(refused("push: base version older than its registration", INVALID, Refusal.BASE_VERSION,
                push(p -> p.setBaseVersion(2))));
        rows.add(refused("push: base version older than its last push's", INVALID, Refusal.BASE_VERSION,
                push(p -> p.setBaseVersion(3))));
        rows.add(accepted("push: base version of its last push", push(p -> p.setBaseVersion(4))));
        rows.add(accepted("push: base version the newest", s -> s.stub.pushGradients(s.push().setBaseVersion(s.version()).build())));
        rows.add(refused("push: base version one past the newest", INVALID, Refusal.BASE_VERSION,
                s -> s.stub.pushGradients(s.push().setBaseVersion(s.version() + 1).build())));
        rows.add(refused("push: base version Long.MAX_VALUE", INVALID, Refusal.BASE_VERSION,
                push(p -> p.setBaseVersion(Long.MAX_VALUE))));
        // env steps
        rows.add(refused("push: 0 env steps", INVALID, Refusal.ENV_STEPS, push(p -> p.setEnvSteps(0))));
        rows.add(refused("push: negative env steps", INVALID, Refusal.ENV_STEPS, push(p -> p.setEnvSteps(-500))));
        rows.add(refused("push: env steps Long.MIN_VALUE", INVALID, Refusal.ENV_STEPS, push(p -> p.setEnvSteps(Long.MIN_VALUE))));
        rows.add(accepted("push: 1 env step", push(p -> p.setEnvSteps(1))));
        rows.add(accepted("push: K x t_max env steps", push(p -> p.setEnvSteps(STEPS))));
        rows.add(refused("push: K x t_max + 1 env steps", INVALID, Refusal.ENV_STEPS, push(p -> p.setEnvSteps(STEPS + 1))));
        rows.add(refused("push: env steps that end the budget at once", INVALID, Refusal.ENV_STEPS,
                push(p -> p.setEnvSteps(1_000_000_000L))));
        rows.add(refused("push: env steps Long.MAX_VALUE", INVALID, Refusal.ENV_STEPS, push(p -> p.setEnvSteps(Long.MAX_VALUE))));
        // episodes: how many
        rows.add(accepted("push: one episode per step", withEpisodes(STEPS, 1, 1.0, STEPS)));
        rows.add(refused("push: more episodes than steps", INVALID, Refusal.EPISODE_COUNT, withEpisodes(2, 1, 1.0, 1)));
        rows.add(refused("push: K x t_max + 1 episodes", INVALID, Refusal.EPISODE_COUNT, withEpisodes(STEPS + 1, 1, 1.0, STEPS)));
        // episodes: length
        rows.add(refused("push: episode of length 0", INVALID, Refusal.EPISODE_LENGTH, episode(0, 0.0)));
        rows.add(refused("push: episode of negative length", INVALID, Refusal.EPISODE_LENGTH, episode(-3, -3.0)));
        rows.add(refused("push: episode of length Integer.MIN_VALUE", INVALID, Refusal.EPISODE_LENGTH, episode(Integer.MIN_VALUE, 1.0)));
        rows.add(accepted("push: episode of length 1", episode(1, 1.0)));
        rows.add(accepted("push: episode of the time limit's length", episode(MAX_LENGTH, MAX_LENGTH)));
        rows.add(refused("push: episode one step past the time limit", INVALID, Refusal.EPISODE_LENGTH,
                episode(MAX_LENGTH + 1, MAX_LENGTH + 1)));
        rows.add(refused("push: episode of length Integer.MAX_VALUE", INVALID, Refusal.EPISODE_LENGTH,
                episode(Integer.MAX_VALUE, Integer.MAX_VALUE)));
        // episodes: return (CartPole: 1 per step, so a return is its length)
        rows.add(accepted("push: a return equal to the length", episode(137, 137.0)));
        rows.add(refused("push: a return above the length", INVALID, Refusal.EPISODE_RETURN, episode(137, 138.0)));
        rows.add(refused("push: a return below the length", INVALID, Refusal.EPISODE_RETURN, episode(137, 136.0)));
        rows.add(refused("push: a fractional return", INVALID, Refusal.EPISODE_RETURN, episode(137, 137.5)));
        rows.add(refused("push: a negative return", INVALID, Refusal.EPISODE_RETURN, episode(10, -10.0)));
        rows.add(refused("push: a return of 1e300", INVALID, Refusal.EPISODE_RETURN, episode(500, 1e300)));
        rows.add(refused("push: a return of Double.MAX_VALUE", INVALID, Refusal.EPISODE_RETURN, episode(500, Double.MAX_VALUE)));
        rows.add(refused("push: a NaN return", INVALID, Refusal.EPISODE_RETURN, episode(10, Double.NaN)));
        rows.add(refused("push: an infinite return", INVALID, Refusal.EPISODE_RETURN, episode(10, Double.POSITIVE_INFINITY)));
        rows.add(refused("push: a return of -infinity", INVALID, Refusal.EPISODE_RETURN, episode(10, Double.NEGATIVE_INFINITY)));
        // gradient: form
        rows.add(refused("push: no gradient", INVALID, Refusal.WRONG_DTYPE, push(p -> p.clearGradient())));
        rows.add(refused("push: gradient as FLOAT64", INVALID, Refusal.WRONG_DTYPE, gradientOf(t -> t.setDtype(DType.FLOAT64))));
        rows.add(refused("push: gradient of unspecified dtype", INVALID, Refusal.WRONG_DTYPE,
                gradientOf(t -> t.setDtype(DType.DTYPE_UNSPECIFIED))));
        rows.add(refused("push: gradient of an unknown dtype number", INVALID, Refusal.WRONG_DTYPE,
                gradientOf(t -> t.setDtypeValue(99))));
        rows.add(refused("push: gradient without a shape", INVALID, Refusal.WRONG_SHAPE, gradientOf(t -> t.clearShape())));
        rows.add(refused("push: gradient shape one too long", INVALID, Refusal.WRONG_SHAPE,
                gradientOf(t -> t.setShape(0, PARAMETERS + 1))));
        rows.add(refused("push: gradient shape negative", INVALID, Refusal.WRONG_SHAPE, gradientOf(t -> t.setShape(0, -PARAMETERS))));
        rows.add(refused("push: gradient of two dimensions", INVALID, Refusal.WRONG_SHAPE, gradientOf(t -> t.addShape(1))));
        rows.add(refused("push: gradient of 100,000 dimensions", INVALID, Refusal.WRONG_SHAPE, gradientOf(t -> {
            for (int i = 0; i < 100_000; i++) {
                t.addShape(1);
            }
            return t;
        })));
        rows.add(refused("push: gradient one value short", INVALID, Refusal.WRONG_SIZE,
                gradientOf(t -> t.setData(vector(Arrays.copyOf(SMALL, PARAMETERS - 1)).getData()))));
        rows.add(refused("push: gradient one value long", INVALID, Refusal.WRONG_SIZE,
                gradientOf(t -> t.setData(vector(Arrays.copyOf(SMALL, PARAMETERS + 1)).getData()))));
        rows.add(refused("push: gradient one byte long", INVALID, Refusal.WRONG_SIZE,
                gradientOf(t -> t.setData(t.getData().concat(ByteString.copyFrom(new byte[1]))))));
        rows.add(refused("push: gradient without data", INVALID, Refusal.WRONG_SIZE, gradientOf(t -> t.clearData())));
        // gradient: values
        rows.add(refused("push: a NaN in the gradient", INVALID, Refusal.NON_FINITE, gradient(with(5, Float.NaN))));
        rows.add(refused("push: an infinity in the gradient", INVALID, Refusal.NON_FINITE,
                gradient(with(PARAMETERS - 1, Float.NEGATIVE_INFINITY))));
        rows.add(refused("push: a finite but enormous value", INVALID, Refusal.GRADIENT_NORM, gradient(with(0, 3e38f))));
        rows.add(refused("push: values whose squares overflow float32", INVALID, Refusal.GRADIENT_NORM,
                gradient(withNorm(1e20))));
        rows.add(accepted("push: gradient norm at the clipping bound", gradient(withNorm(CLIP))));
        rows.add(accepted("push: gradient norm within the tolerance", gradient(withNorm(CLIP * (1 + 0.9e-3)))));
        rows.add(refused("push: gradient norm just past the tolerance", INVALID, Refusal.GRADIENT_NORM,
                gradient(withNorm(CLIP * (1 + 1.1e-3)))));
        rows.add(accepted("push: a zero gradient", gradient(new float[PARAMETERS])));
        rows.add(refused("an empty push", Status.Code.NOT_FOUND, Refusal.UNKNOWN_WORKER,
                s -> s.stub.pushGradients(PushGradientsRequest.getDefaultInstance())));

        // Deregister
        rows.add(refused("deregister: unknown worker id", Status.Code.NOT_FOUND, Refusal.UNKNOWN_WORKER,
                deregister(d -> d.setWorkerId(Integer.MIN_VALUE))));
        rows.add(refused("deregister: no worker key", Status.Code.PERMISSION_DENIED, Refusal.WORKER_KEY,
                deregister(d -> d.clearWorkerKey())));
        rows.add(refused("deregister: another worker's key", Status.Code.PERMISSION_DENIED, Refusal.WORKER_KEY,
                s -> s.stub.deregister(s.deregister().setWorkerKey(s.keyA).build())));
        rows.add(accepted("deregister: its own key", deregister(d -> d)));

        // bytes that are no protobuf message of the method
        byte[] truncatedVarint = {0x08, (byte) 0xFF};
        byte[] truncatedString = {0x0A, 0x05, 'a'};
        byte[] invalidUtf8Host = {0x0A, 0x02, (byte) 0xC3, 0x28};
        byte[] wrongWireType = {0x0B};
        rows.add(refused("Register: truncated bytes", INVALID, Refusal.MALFORMED_MESSAGE,
                raw(ParameterServerGrpc.getRegisterMethod(), truncatedString)));
        rows.add(refused("Register: a host that is not UTF-8", INVALID, Refusal.MALFORMED_MESSAGE,
                raw(ParameterServerGrpc.getRegisterMethod(), invalidUtf8Host)));
        rows.add(refused("PullWeights: truncated varint", INVALID, Refusal.MALFORMED_MESSAGE,
                raw(ParameterServerGrpc.getPullWeightsMethod(), truncatedVarint)));
        rows.add(refused("PushGradients: truncated varint", INVALID, Refusal.MALFORMED_MESSAGE,
                raw(ParameterServerGrpc.getPushGradientsMethod(), truncatedVarint)));
        rows.add(refused("PushGradients: a start-group tag", INVALID, Refusal.MALFORMED_MESSAGE,
                raw(ParameterServerGrpc.getPushGradientsMethod(), wrongWireType)));
        rows.add(refused("Deregister: truncated varint", INVALID, Refusal.MALFORMED_MESSAGE,
                raw(ParameterServerGrpc.getDeregisterMethod(), truncatedVarint)));
        return rows.stream();
    }

    private static ByteString flipped(ByteString key) {
        byte[] bytes = key.toByteArray();
        bytes[bytes.length - 1] ^= 1;
        return ByteString.copyFrom(bytes);
    }

    private Scene scene;
    private final List<LogRecord> grpcLogsWithThrowables = new CopyOnWriteArrayList<>();
    private final Handler julCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getThrown() != null) {
                grpcLogsWithThrowables.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() throws IOException {
        Logger.getLogger("").addHandler(julCapture);
        scene = new Scene();
    }

    @AfterEach
    void stop() throws InterruptedException {
        Logger.getLogger("").removeHandler(julCapture);
        scene.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aRequestNoHonestWorkerSendsIsRefusedAndChangesNothing(String name, Call call, Status.Code code,
                                                               Refusal reason) {
        RunState before = RunState.of(scene.grpc);
        double refusedBefore = scene.grpc.refusedInAll();
        if (code == Status.Code.OK) {
            Object response = call.apply(scene);
            assertNotNull(response, name);
            if (response instanceof PushGradientsResponse pushed) {
                assertTrue(pushed.getApplied() || pushed.getDuplicate(), name + ": " + pushed);
            }
            assertEquals(refusedBefore, scene.grpc.refusedInAll(), name + ": nothing was refused");
        } else {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call.apply(scene), name);
            assertEquals(code, e.getStatus().getCode(), name + ": " + e.getStatus());
            String description = e.getStatus().getDescription();
            assertNotNull(description, name + ": a reason is given");
            assertFalse(description.isBlank() || description.contains("\n") || description.contains("\r"),
                    name + ": one line: " + description);
            assertTrue(description.length() < 400, name + ": short: " + description.length() + " characters");
            assertEquals(1.0, scene.grpc.refused(reason), name + ": counted under " + reason.tag());
            assertEquals(refusedBefore + 1, scene.grpc.refusedInAll(), name + ": counted once");
            RunState.of(scene.grpc).assertSameAs(before);
            assertEquals(List.of(), grpcLogsWithThrowables.stream().map(LogRecord::getMessage).toList(),
                    name + ": gRPC logged no stack trace");
        }
        honestPushMovesTheWeightsAsTheOptimizerSays();
    }

    /** A push of worker a on the newest weights changes them by exactly one step of the shared optimizer. */
    private void honestPushMovesTheWeightsAsTheOptimizerSays() {
        RunState before = RunState.of(scene.grpc);
        TrainingConfig config = scene.grpc.session.config();
        Optimizer optimizer = Optimizer.create(config.optimizer().kind(), PARAMETERS, config.optimizer().settings());
        optimizer.restore(before.optimizerState(), before.optimizerSteps());
        float[] expected = before.weights().clone();
        optimizer.step(FloatBuffer.wrap(expected), FloatBuffer.wrap(SMALL.clone()), TestSupport.LEARNING_RATE);

        PushGradientsResponse response = scene.pushAsA();
        assertTrue(response.getApplied(), "the honest push is applied: " + response);
        RunState after = RunState.of(scene.grpc);
        assertEquals(before.version() + 1, after.version());
        assertEquals(before.envSteps() + STEPS, after.envSteps());
        assertArrayEquals(expected, after.weights(), "one optimizer step on the state before");
        assertFalse(Arrays.equals(before.weights(), after.weights()), "the weights moved");
    }

    @Test
    void aRefusalIsLoggedWithoutStackTraceAndClientTextEscaped() {
        // the log is rate-limited per reason; the description the client sees escapes what it sent
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> scene.stub.register(registration().setHost("evil\nforged line").build()));
        String description = e.getStatus().getDescription();
        assertTrue(description.contains("\"evil\\nforged line\""), description);
        StatusRuntimeException tooLong = assertThrows(StatusRuntimeException.class,
                () -> scene.stub.register(registration().setHost(repeat('x', 10_000)).build()));
        assertTrue(tooLong.getStatus().getDescription().contains("...(10000 chars)"), tooLong.getStatus().getDescription());
    }

    /** An identity marshaller, for sending raw bytes under a method's name. */
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}

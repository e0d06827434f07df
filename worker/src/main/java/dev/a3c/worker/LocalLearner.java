package dev.a3c.worker;

import dev.a3c.config.AlgorithmConfig;
import dev.a3c.config.EnvironmentConfig;
import dev.a3c.config.WirePrecision;
import dev.a3c.learning.ActionDistribution;
import dev.a3c.learning.LinearSchedule;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.PolicyInference;
import dev.a3c.wire.TensorCodec;
import dev.a3c.worker.client.IncompatibleServerException;
import dev.a3c.worker.client.ParameterServerClient;
import dev.a3c.worker.learner.GradientComputer;
import dev.a3c.worker.learner.Rollout;
import dev.a3c.worker.learner.RolloutCollector;
import dev.a3c.worker.learner.VectorEnv;
import dev.a3c.worker.learner.WorkerObservations;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A worker's own copy of the network and its environments: it plays a rollout with the local
 * weights and turns it into a gradient, ready to push. Two gradient buffers alternate, so that one
 * can travel while the next is computed.
 */
public final class LocalLearner implements AutoCloseable {

    /**
     * One rollout's outcome: the encoded gradient and what it covered, with the time spent acting and learning;
     * {@code observations}, the moments of the observations it acted on in a run that standardizes them (else null).
     */
    public record Step(long baseVersion, byte[] gradient, long envSteps, List<VectorEnv.Episode> episodes, long actNanos,
                long learnNanos, GradientComputer.Result result, ObservationMoments observations) {}

    private final ActorCriticNetwork network;
    private final int parameterCount;
    private final PolicyInference policy;
    private final VectorEnv envs;
    private final RolloutCollector collector;
    private final GradientComputer gradients;
    private final Rollout rollout;
    private final byte[][] buffers;
    /** How weights and gradients travel: the run's {@code --wire-precision}. */
    private final WirePrecision precision;
    private final LinearSchedule entropy;
    /** Standardizes and counts observations ({@code --standardize-observations}); null when the run does not. */
    private final WorkerObservations observations;
    /** Env steps of one update (one push): every worker of a run has the run's K and T. */
    private final long stepsPerUpdate;
    private long version;

    public LocalLearner(ParameterServerClient.Registration reg, ParameterServerClient.Weights initial) {
        EnvironmentConfig environment = reg.config().environment();
        AlgorithmConfig algorithm = reg.config().algorithm();
        precision = algorithm.wirePrecision();
        SplittableRandom seeds = new SplittableRandom(reg.config().schedule().seed() + reg.rank());
        network = ActorCriticNetwork.create(reg.network(), seeds.nextLong());
        parameterCount = network.parameterCount();
        observations = environment.standardizeObservations()
                ? new WorkerObservations(reg.network().observationSize()) : null;
        envs = new VectorEnv(environment.batch(algorithm.envsPerWorker()), seeds.split());
        gradients = new GradientComputer(network, algorithm);
        policy = gradients.policy();
        ActionDistribution distribution = ActionDistribution.of(reg.network().head());
        collector = new RolloutCollector(envs, policy, distribution, reg.network().lstmSize(), seeds.split(),
                environment::shapeReward, observations);
        rollout = new Rollout(algorithm.rolloutSteps(), algorithm.envsPerWorker(), envs.observationSize(),
                distribution.actionWidth());
        entropy = reg.config().entropySchedule();
        stepsPerUpdate = (long) algorithm.envsPerWorker() * algorithm.rolloutSteps();
        int bytes = network.parameterCount() * precision.bytes();
        buffers = new byte[][] {new byte[bytes], new byte[bytes]};
        load(initial);
        version = initial.version();
    }

    /** Closes the environments (a bridge's sessions). */
    @Override
    public void close() {
        envs.close();
    }

    /** The precision of the gradients {@link #step} encodes and of the weights it takes. */
    public WirePrecision precision() {
        return precision;
    }

    /** The version of the weights the next rollout is played with. */
    public long version() {
        return version;
    }

    /** Takes {@code weights} if they are newer than the local ones; whether it did. */
    public boolean adopt(ParameterServerClient.Weights weights) {
        if (weights.weights() == null || weights.version() <= version) {
            return false;
        }
        load(weights);
        version = weights.version();
        return true;
    }

    /** Starts over from {@code weights} (a restarted server's): recurrent state cleared, any version taken. */
    public void restart(ParameterServerClient.Weights weights) {
        load(weights);
        collector.resetState();
        version = weights.version();
    }

    /** Plays one rollout with the local weights and computes its gradient into the buffer of {@code sequence}. */
    public Step step(long sequence) {
        long t0 = System.nanoTime();
        collector.collect(rollout);
        long t1 = System.nanoTime();
        GradientComputer.Result result = gradients.compute(rollout, entropyCoef());
        byte[] buffer = buffers[(int) (sequence & 1)];
        TensorCodec.encodeInto(gradients.gradient(), buffer, precision);
        long t2 = System.nanoTime();
        return new Step(version, buffer, rollout.transitions(), envs.drainFinishedEpisodes(), t1 - t0, t2 - t1, result,
                observations == null ? null : observations.drain());
    }

    /** The entropy weight now: the run's steps are counted as the updates so far times one update's steps. */
    double entropyCoef() {
        return entropy.at(version * stepsPerUpdate);
    }

    /** The moments the policy's inputs are standardized by; null when the run does not standardize them. */
    ObservationMoments moments() {
        return observations == null ? null : observations.moments();
    }

    private void load(ParameterServerClient.Weights weights) {
        if (weights.weights() == null) {
            return;
        }
        if (observations != null) {
            if (weights.moments() == null) {
                throw new IncompatibleServerException("the run standardizes observations, but the server sent weights "
                        + "without their moments");
            }
            observations.use(weights.moments());
        }
        gradients.load(TensorCodec.decode(weights.weights(), parameterCount, precision));
    }
}

package dev.a3c.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.ActionSelection;
import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.env.CartPole;
import dev.a3c.env.Environment;
import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import dev.a3c.learning.ActionHead;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.normalization.ObservationStandardizer;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEvaluationTest {

    @Test
    void playsTheMostProbableActionInEveryStep() {
        NetworkSpec spec = NetworkSpec.mlp(4, 2, List.of(8), "tanh");
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 1);
        // zero weights, policy bias (0, 5): the greedy action is always 1 (push right)
        FloatBuffer params = network.parameters();
        for (int i = 0; i < params.limit(); i++) {
            params.put(i, 0f);
        }
        int policyBias = 4 * 8 + 8 + 8 * 2;   // hidden W, hidden b, policy W, then policy b
        params.put(policyBias + 1, 5f);

        PolicyEvaluation.Result result = PolicyEvaluation.run(network, Environments.make("CartPole-v1"), 3, 7);

        CartPole reference = new CartPole();
        reference.reset(7);
        int length = 0;
        Step step;
        do {
            step = reference.step(1);
            length++;
        } while (!step.done());
        assertEquals(length, result.lengths().get(0), "always pushing right ends the first episode as the reference does");
        assertEquals((double) length, result.returns().get(0));
        assertEquals(3, result.returns().size());
        assertTrue(result.maxReturn() < 50 && result.minReturn() >= 1);
        assertEquals(result.returns().stream().mapToDouble(d -> d).average().orElseThrow(), result.meanReturn(), 1e-12);
    }

    @Test
    void sampledActionsFollowThePolicysNoiseAndRepeatWithTheSeed() {
        NetworkSpec spec = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(4), "tanh"), 0, ActionHead.gaussian(1));
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 1);
        network.graph().params().assign(0);
        network.graph().getLayer("policy").getParam("b").putScalar(0, 0.5 * Math.log(3));   // mean 0.5
        PolicyEvaluation.Listener quiet = new PolicyEvaluation.Listener() { };
        double greedy = PolicyEvaluation.run(network, Environments.make("Pendulum-v1"), 1, 11).returns().get(0);

        // standard deviation 1 in the unit box: the torque is noisy, so the return differs from the mean's
        network.graph().getLayer("log_std").getParam("W").assign(0);
        double sampled = PolicyEvaluation.run(network, Environments.make("Pendulum-v1"), 1, 11,
                ActionSelection.SAMPLE, quiet).returns().get(0);
        assertNotEquals(greedy, sampled, 1.0);
        assertEquals(sampled, PolicyEvaluation.run(network, Environments.make("Pendulum-v1"), 1, 11,
                ActionSelection.SAMPLE, quiet).returns().get(0), "same seed, same draws");

        // a standard deviation of e^-8 leaves the mean's torque
        network.graph().getLayer("log_std").getParam("W").assign(-8);
        double almostGreedy = PolicyEvaluation.run(network, Environments.make("Pendulum-v1"), 1, 11,
                ActionSelection.SAMPLE, quiet).returns().get(0);
        assertEquals(greedy, almostGreedy, 1e-2);
    }

    @Test
    void aGaussianPolicyPlaysItsMeanMappedOntoTheActionBox() {
        // Pendulum: zero weights and a policy bias of atanh(0.5): mean 0.5 in the unit box, torque 1 of [-2, 2]
        NetworkSpec spec = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(4), "tanh"), 0, ActionHead.gaussian(1));
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 1);
        network.graph().params().assign(0);
        network.graph().getLayer("policy").getParam("b").putScalar(0, 0.5 * Math.log(3));   // atanh(0.5)
        PolicyEvaluation.Result result = PolicyEvaluation.run(network, Environments.make("Pendulum-v1"), 1, 11);

        Environment reference = Environments.make("Pendulum-v1");
        reference.reset(11);
        double total = 0;
        Step step;
        do {
            step = reference.step(new float[] {1f});
            total += step.reward();
        } while (!step.done());
        assertEquals(total, result.returns().get(0), 1e-3);
        assertEquals(200, result.lengths().get(0));
    }

    @Test
    void aRecurrentPolicyCarriesItsStateThroughAnEpisodeAndStartsEachEpisodeAfresh() {
        NetworkSpec spec = new NetworkSpec(List.of(4), new Torso.Mlp(List.of(8), "tanh"), 6, ActionHead.categorical(2));
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 2);
        List<float[]> seen = new java.util.ArrayList<>();
        PolicyEvaluation.Result twice = PolicyEvaluation.run(network, Environments.make("CartPole-v1"), 2, 5, seen::add);
        PolicyEvaluation.Result once = PolicyEvaluation.run(network, Environments.make("CartPole-v1"), 1, 5);
        assertEquals(once.returns().get(0), twice.returns().get(0), "same seed, same state: same first episode");
        assertEquals(twice.lengths().get(0) + twice.lengths().get(1) + 2, seen.size(), "every observation, resets included");
    }

    @Test
    void aListenerSeesEveryObservationAndTheEndOfEveryEpisode() {
        ActorCriticNetwork network = ActorCriticNetwork.create(NetworkSpec.mlp(4, 2, List.of(8), "tanh"), 3);
        List<float[]> seen = new java.util.ArrayList<>();
        List<String> ended = new java.util.ArrayList<>();
        PolicyEvaluation.Result result = PolicyEvaluation.run(network, Environments.make("CartPole-v1"), 3, 2,
                new PolicyEvaluation.Listener() {
                    @Override
                    public void observed(float[] observation) {
                        seen.add(observation);
                    }

                    @Override
                    public void episodeEnded(int episode, double episodeReturn, int length) {
                        ended.add(episode + ":" + episodeReturn + ":" + length + ":" + seen.size());
                    }
                });
        int frames = 0;
        for (int e = 0; e < 3; e++) {
            frames += result.lengths().get(e) + 1;
            assertEquals((e + 1) + ":" + result.returns().get(e) + ":" + result.lengths().get(e) + ":" + frames,
                    ended.get(e), "episode " + (e + 1) + " ends after its last observation");
        }
        assertEquals(3, ended.size());
        assertEquals(frames, seen.size());
    }

    @Test
    void aStandardizedPolicySeesObservationsAsItsMomentsMakeThemAndTheListenerAsTheEnvironmentGivesThem() {
        // hidden unit 0 = tanh(cart position); action 1 (push right) scores 5 x that unit, action 0 nothing: the greedy
        // action is "right" while the position the network sees is positive, "left" while it is negative
        NetworkSpec spec = NetworkSpec.mlp(4, 2, List.of(8), "tanh");
        ActorCriticNetwork network = ActorCriticNetwork.create(spec, 1);
        network.graph().params().assign(0);
        network.graph().getLayer("hidden0").getParam("W").putScalar(0, 0, 1.0);
        network.graph().getLayer("policy").getParam("W").putScalar(0, 1, 5.0);
        // the cart starts within 0.05 of the centre: moments with a position mean of -1 (standard deviation 1) make
        // every position the network sees near +1, a mean of +1 near -1
        ObservationMoments left = new ObservationMoments(10, new double[] {-1, 0, 0, 0}, new double[] {10, 10, 10, 10});
        ObservationMoments right = new ObservationMoments(10, new double[] {1, 0, 0, 0}, new double[] {10, 10, 10, 10});
        List<float[]> seen = new java.util.ArrayList<>();
        PolicyEvaluation.Listener recorder = new PolicyEvaluation.Listener() {
            @Override
            public void observed(float[] observation) {
                seen.add(observation.clone());
            }
        };
        PolicyEvaluation.Result pushedRight = PolicyEvaluation.run(network, new ObservationStandardizer(left),
                Environments.make("CartPole-v1"), 1, 7, ActionSelection.GREEDY, recorder);
        PolicyEvaluation.Result pushedLeft = PolicyEvaluation.run(network, new ObservationStandardizer(right),
                Environments.make("CartPole-v1"), 1, 7, ActionSelection.GREEDY, new PolicyEvaluation.Listener() { });
        assertEquals(alwaysPushing(1, 7), pushedRight.lengths().get(0));
        assertEquals(alwaysPushing(0, 7), pushedLeft.lengths().get(0));
        CartPole reference = new CartPole();
        assertEquals(java.util.Arrays.toString(reference.reset(7)), java.util.Arrays.toString(seen.get(0)),
                "the listener sees the environment's observation");
    }

    /** The length of CartPole's episode from seed {@code seed} when every action is {@code action}. */
    private static int alwaysPushing(int action, long seed) {
        CartPole reference = new CartPole();
        reference.reset(seed);
        int length = 0;
        Step step;
        do {
            step = reference.step(action);
            length++;
        } while (!step.done());
        return length;
    }
}

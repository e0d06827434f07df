package dev.a3c.worker.learner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.NetworkSpec;
import dev.a3c.config.Torso;
import dev.a3c.learning.ActionDistribution;
import dev.a3c.learning.ActionHead;
import dev.a3c.learning.ActorCriticLoss;
import dev.a3c.learning.NStepReturns;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.LstmState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The recurrent path of {@link GradientComputer}: a rollout cut into padded sequences must give
 * the gradient of an independent computation that runs every episode piece as its own
 * sequence, from the carried state (first piece) or from zero (after an episode end).
 */
class RecurrentGradientTest {

    private static final int T = 6;
    private static final int K = 3;
    private static final double GAMMA = 0.9;
    private static final NetworkSpec SPEC = new NetworkSpec(List.of(3), new Torso.Mlp(List.of(5), "tanh"), 4,
            ActionHead.gaussian(2));

    /** env 0: no episode end; env 1: terminates at t=1 and is truncated at t=4; env 2: terminates at the last step. */
    private static Rollout rollout() {
        SplittableRandom random = new SplittableRandom(12);
        Rollout r = new Rollout(T, K, 3, 2);
        for (int i = 0; i < r.observations.length; i++) {
            r.observations[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < r.actions.length; i++) {
            r.actions[i] = (float) random.nextDouble(-1.5, 1.5);
        }
        for (int i = 0; i < r.transitions(); i++) {
            r.rewards[i] = random.nextDouble(-1, 1);
        }
        r.terminated[1 * K + 1] = true;
        r.truncated[4 * K + 1] = true;
        r.truncatedIndices.add(4 * K + 1);
        r.truncatedObservations.add(new float[] {0.3f, -0.7f, 0.9f});
        r.terminated[(T - 1) * K + 2] = true;
        for (int i = 0; i < r.bootstrapObservations.length; i++) {
            r.bootstrapObservations[i] = (float) random.nextDouble(-1, 1);
        }
        r.initialState = LstmState.zeros(K, SPEC.lstmSize());
        for (int i = 0; i < r.initialState.hidden().length; i++) {
            r.initialState.hidden()[i] = (float) random.nextDouble(-0.5, 0.5);
            r.initialState.cell()[i] = (float) random.nextDouble(-0.5, 0.5);
        }
        return r;
    }

    @Test
    void sequencesSplitAtEpisodeEndsAndCarryTheStateIntoFirstPiecesOnly() {
        Rollout r = rollout();
        SequenceBatch batch = new SequenceBatch(r, SPEC.lstmSize());
        // env 0: [0..5]; env 1: [0..1], [2..4], [5]; env 2: [0..5]
        assertEquals(5, batch.sequences);
        assertEquals(T + 1, batch.steps);
        assertEquals(0, batch.transitionRows[0]);                  // t=0, env 0: sequence 0, step 0
        assertEquals(1 * 7 + 1, batch.transitionRows[1 * K + 1]);  // t=1, env 1: sequence 1, step 1
        assertEquals(2 * 7, batch.transitionRows[2 * K + 1]);      // t=2, env 1 starts sequence 2
        assertEquals(3 * 7, batch.transitionRows[5 * K + 1]);      // t=5, env 1 starts sequence 3
        assertEquals(6, batch.bootstrapRows[0]);
        assertEquals(3 * 7 + 1, batch.bootstrapRows[1]);
        assertEquals(-1, batch.bootstrapRows[2], "env 2's last step terminated: no bootstrap");
        assertEquals(2 * 7 + 3, batch.truncationRows[4 * K + 1]);
        assertArrayEquals(new float[] {0.3f, -0.7f, 0.9f}, java.util.Arrays.copyOfRange(batch.observations,
                (2 * 7 + 3) * 3, (2 * 7 + 4) * 3));
        for (int j = 0; j < SPEC.lstmSize(); j++) {
            assertEquals(r.initialState.hidden()[SPEC.lstmSize() + j], batch.initialState.hidden()[SPEC.lstmSize() + j]);
            assertEquals(0f, batch.initialState.hidden()[2 * SPEC.lstmSize() + j], "a piece after an episode end starts at zero");
            assertEquals(r.initialState.cell()[2 * SPEC.lstmSize() + j], batch.initialState.cell()[4 * SPEC.lstmSize() + j]);
        }
    }

    private record Piece(int env, int start, int end, boolean carried) {}

    @Test
    void gradientMatchesPieceByPieceComputation() {
        Rollout r = rollout();
        ActorCriticNetwork net = ActorCriticNetwork.create(SPEC, 4, DataType.FLOAT, new NoOp());
        new GradientComputer(net, GradientComputerTest.algorithm(GAMMA, 0.5, 0.01, 0)).compute(r);
        double[] actual = net.graph().getGradientsViewArray().castTo(DataType.DOUBLE).dup().data().asDouble();

        ActorCriticNetwork reference = ActorCriticNetwork.create(SPEC, 4, DataType.FLOAT, new NoOp());
        List<Piece> pieces = List.of(new Piece(0, 0, 5, true), new Piece(1, 0, 1, true), new Piece(1, 2, 4, false),
                new Piece(1, 5, 5, false), new Piece(2, 0, 5, true));
        int width = SPEC.head().outputWidth();
        int n = T * K;
        double[] values = new double[n];
        double[] bootstrap = new double[K];
        double[] truncationValues = new double[n];
        List<double[]> outputs = new ArrayList<>();
        for (Piece p : pieces) {
            int length = p.end() - p.start() + 1;
            double[] policy = new double[(length + 1) * width];
            double[] v = new double[length + 1];
            reference.forwardSequences(pieceObservations(r, p), 1, length + 1, pieceState(r, p), policy, v);
            outputs.add(policy);
            for (int step = p.start(); step <= p.end(); step++) {
                values[step * K + p.env()] = v[step - p.start()];
            }
            int last = p.end() * K + p.env();
            if (r.truncated[last]) {
                truncationValues[last] = v[length];
            } else if (!r.terminated[last]) {
                bootstrap[p.env()] = v[length];
            }
        }
        double[] returns = NStepReturns.compute(r.rewards, r.terminated, r.truncated, truncationValues, bootstrap, GAMMA);
        double[] expected = new double[actual.length];
        ActorCriticLoss loss = new ActorCriticLoss(ActionDistribution.of(SPEC.head()), 0.5, 0.01);
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            int length = p.end() - p.start() + 1;
            float[] actions = new float[length * 2];
            double[] pieceReturns = new double[length];
            double[] advantages = new double[length];
            int[] rows = new int[length];
            for (int step = p.start(); step <= p.end(); step++) {
                int index = step * K + p.env();
                int j = step - p.start();
                System.arraycopy(r.actions, index * 2, actions, j * 2, 2);
                pieceReturns[j] = returns[index];
                advantages[j] = returns[index] - values[index];
                rows[j] = j;
            }
            double[] policy = new double[(length + 1) * width];
            double[] v = new double[length + 1];
            ActorCriticNetwork.ForwardPass pass = reference.forwardSequences(pieceObservations(r, p), 1, length + 1,
                    pieceState(r, p), policy, v);
            double[] policyGrad = new double[policy.length];
            double[] valueGrad = new double[v.length];
            loss.evaluate(policy, v, actions, pieceReturns, advantages, rows, policyGrad, valueGrad);
            reference.backward(pass, policyGrad, valueGrad);
            double[] g = reference.graph().getGradientsViewArray().castTo(DataType.DOUBLE).dup().data().asDouble();
            for (int j = 0; j < g.length; j++) {
                expected[j] += g[j] * length / n;   // the piece's share of the mean over all transitions
            }
        }
        double max = 0;
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 1e-6 + 1e-4 * Math.abs(expected[j]), "parameter " + j);
            max = Math.max(max, Math.abs(expected[j]));
        }
        assertTrue(max > 1e-3, "a non-trivial gradient");
    }

    private static float[] pieceObservations(Rollout r, Piece p) {
        int length = p.end() - p.start() + 1;
        float[] obs = new float[(length + 1) * 3];
        for (int step = p.start(); step <= p.end(); step++) {
            System.arraycopy(r.observations, (step * K + p.env()) * 3, obs, (step - p.start()) * 3, 3);
        }
        int last = p.end() * K + p.env();
        if (r.truncated[last]) {
            System.arraycopy(r.truncatedObservation(last), 0, obs, length * 3, 3);
        } else if (!r.terminated[last]) {
            System.arraycopy(r.bootstrapObservations, p.env() * 3, obs, length * 3, 3);
        }
        return obs;
    }

    private static LstmState pieceState(Rollout r, Piece p) {
        LstmState state = LstmState.zeros(1, SPEC.lstmSize());
        if (p.carried()) {
            state.copyRow(r.initialState, p.env(), 0);
        }
        return state;
    }
}

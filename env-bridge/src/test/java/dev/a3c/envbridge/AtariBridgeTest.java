package dev.a3c.envbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.EnvironmentRequest;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Step;
import dev.a3c.proto.envbridge.OpenRequest;
import dev.a3c.proto.envbridge.OpenResponse;
import dev.a3c.proto.envbridge.ResetRequest;
import dev.a3c.proto.envbridge.ResetResponse;
import dev.a3c.render.FrameRenderer;
import dev.a3c.render.Renderers;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Pong through the bridge with the A3C paper's preprocessing: frames, their dtype on the wire, and game scores. */
@Tag("integration")
class AtariBridgeTest {

    private static final EnvironmentRequest PONG = new EnvironmentRequest("gymnasium:ALE/Pong-v5", "", 0, 0.0, false);

    @Test
    void aLostLifeEndsTheEpisodeForLearningButNotTheGame() {
        EnvironmentRequest breakout = new EnvironmentRequest("gymnasium:ALE/Breakout-v5", "", 0, 0.0, true);
        try (Bridge bridge = Bridge.launch(PythonBridge.locationOrSkip());
             BridgedBatch batch = new BridgedBatch(BridgeSession.open(bridge, breakout, 1));
             BridgedEnvironment single = new BridgedEnvironment(new BridgedBatch(BridgeSession.open(bridge, breakout, 1)))) {
            float[] observations = new float[batch.spec().observationSize()];
            batch.reset(new long[] {5}, observations);
            float[][] finals = new float[1][];
            boolean[] terminated = new boolean[1];
            int livesLost = 0;
            int t = 0;
            for (; t < 20_000 && finals[0] == null; t++) {
                batch.step(new float[] {t % 4}, 0, observations, new double[1], terminated, new boolean[1], 0, finals);
                if (terminated[0] && finals[0] == null) {
                    livesLost++;
                }
            }
            assertTrue(finals[0] != null, "the game ended");
            assertEquals(4, livesLost, "Breakout's five lives: four end an episode for learning before the game ends");

            // one environment (evaluations, replays) plays the whole game
            single.reset(5);
            int steps = 0;
            Step step;
            do {
                step = single.step(steps++ % 4);
            } while (!step.done() && steps < 20_000);
            assertTrue(step.terminated(), "the game ended");
            assertEquals(t, steps, "the same game, seeded alike, as one episode");
        }
    }

    @Test
    void replaysDrawTheGamesOwnFrames() {
        try (Bridge bridge = Bridge.launch(PythonBridge.locationOrSkip());
             BridgedEnvironment pong = new BridgedEnvironment(new BridgedBatch(BridgeSession.open(bridge, PONG, 1, true)))) {
            pong.reset(3);
            for (int t = 0; t < 60; t++) {
                pong.step(t % 6);
            }
            @SuppressWarnings("unchecked")
            FrameRenderer<Object> renderer = (FrameRenderer<Object>) Renderers.forEnvironment(pong);
            BufferedImage image = renderer.render(renderer.capture(pong.unwrapped()));
            assertEquals(160, image.getWidth());
            assertEquals(210, image.getHeight());
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < 210; y += 3) {
                for (int x = 0; x < 160; x += 3) {
                    colours.add(image.getRGB(x, y) & 0xFFFFFF);
                }
            }
            assertTrue(colours.size() >= 3, "the court, the walls and the paddles: " + colours.size() + " colours");
            assertTrue(colours.contains(0x904811), "Pong's brown court: " + colours);
            assertEquals(Duration.ofNanos(Math.round(1e9 / 30)), renderer.frameDelay(), "ALE's frame rate");
        }
    }

    @Test
    void pongFramesAre84By84By4BytesAndEpisodesEndWithTheGameScore() {
        try (Bridge bridge = Bridge.launch(PythonBridge.locationOrSkip())) {
            OpenResponse opened = bridge.stub().open(OpenRequest.newBuilder().setEnvId(PONG.name()).setCount(2)
                    .setAtari(BridgeSession.atari(PONG)).build());
            ResetResponse first = bridge.stub().reset(ResetRequest.newBuilder().setSession(opened.getSession())
                    .addSeeds(1).addSeeds(2).build());
            assertEquals("uint8", first.getObservations().getDtype(), "frames travel as bytes");
            assertEquals(List.of(2, 84, 84, 4), first.getObservations().getShapeList());
            assertEquals(2 * 84 * 84 * 4, first.getObservations().getData().size());

            int envs = 4;
            try (BridgedBatch pong = new BridgedBatch(BridgeSession.open(bridge, PONG, envs))) {
                EnvironmentSpec spec = pong.spec();
                assertEquals(List.of(84, 84, 4), spec.observationShape());
                assertEquals(new ActionSpace.Discrete(6), spec.actionSpace(), "Pong's minimal action set");
                assertEquals(0.0, spec.observationLow().get(0));
                assertEquals(255.0, spec.observationHigh().get(0));
                assertEquals(27_000, spec.maxEpisodeSteps(), "ALE's 108,000 frames in steps of 4 frames");

                float[] observations = new float[envs * spec.observationSize()];
                pong.reset(new long[] {1, 2, 3, 4}, observations);
                SplittableRandom random = new SplittableRandom(7);
                float[] actions = new float[envs];
                double[] rewards = new double[envs];
                double[] scores = new double[envs];
                boolean[] terminated = new boolean[envs];
                boolean[] truncated = new boolean[envs];
                float[][] finals = new float[envs][];
                double finishedScore = Double.NaN;
                for (int t = 0; t < 20_000 && Double.isNaN(finishedScore); t++) {
                    for (int k = 0; k < envs; k++) {
                        actions[k] = random.nextInt(6);
                    }
                    pong.step(actions, 0, observations, rewards, terminated, truncated, 0, finals);
                    for (int k = 0; k < envs; k++) {
                        assertTrue(rewards[k] == 0 || rewards[k] == 1 || rewards[k] == -1, "a point: " + rewards[k]);
                        scores[k] += rewards[k];
                        if (finals[k] != null) {
                            assertTrue(terminated[k], "a game of Pong ends at 21 points");
                            finishedScore = scores[k];
                        }
                    }
                }
                // a random player loses nearly every point: a game score, not a clipped reward
                assertTrue(finishedScore <= -15 && finishedScore >= -21, "score of the first game " + finishedScore);
                for (float v : observations) {
                    assertTrue(v >= 0 && v <= 255 && v == Math.rint(v), "pixel values " + v);
                }
            }
        }
    }
}

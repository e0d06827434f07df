package dev.a3c.common.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.common.config.EnvironmentConfig;
import dev.a3c.common.config.TrainingConfig;
import dev.a3c.common.env.Environment;
import dev.a3c.common.eval.PolicyEvaluation;
import dev.a3c.common.nn.ActorCriticNetwork;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRecorderTest {

    /** Plays a fresh (untrained) network of the environment's default shape greedily and records it. */
    private static ReplayRecorder<?> play(String id, int episodes, int maxFrames, List<Integer> lengths) {
        TrainingConfig config = TrainingConfig.defaults(id);
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), 5);
        Environment env = config.environment().make();
        ReplayRecorder<?> recorder = ReplayRecorder.of(env, maxFrames, 1);
        PolicyEvaluation.Result result = PolicyEvaluation.run(network, env, episodes, 3, new PolicyEvaluation.Listener() {
            @Override
            public void observed(float[] observation) {
                recorder.capture();
            }
        });
        lengths.addAll(result.lengths());
        return recorder;
    }

    private static boolean same(BufferedImage a, BufferedImage b) {
        int[] pa = a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth());
        int[] pb = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        return Arrays.equals(pa, pb);
    }

    @Test
    void aGreedyCartPoleEpisodeBecomesAnAnimatedGif(@TempDir Path dir) throws IOException {
        List<Integer> lengths = new ArrayList<>();
        ReplayRecorder<?> recorder = play("CartPole-v1", 1, 1000, lengths);
        assertEquals(lengths.get(0) + 1, recorder.frames(), "the reset and every step");
        Path gif = dir.resolve("replay.gif");
        List<Integer> progress = new ArrayList<>();
        recorder.writeGif(gif, progress::add);
        assertEquals(recorder.frames(), progress.size());
        assertEquals(recorder.frames(), progress.get(progress.size() - 1));
        assertFalse(Files.exists(dir.resolve("replay.gif.tmp")));

        GifFrames read = GifFrames.read(gif);
        assertTrue(read.frames().size() > 1);
        assertEquals(recorder.frames(), read.frames().size());
        assertEquals(2, read.delaysCentis().get(0), "CartPole's 50 frames a second");
        assertTrue(read.loopsForever());
        BufferedImage first = read.frames().get(0);
        BufferedImage last = read.frames().get(read.frames().size() - 1);
        assertEquals(600, first.getWidth());
        assertFalse(same(first, last), "the cart or pole moved");
        assertTrue(Pixels.count(first, CartPoleRenderer.CART) > 1000, "the cart is drawn in its colour");
        assertTrue(Pixels.distinctColors(last) >= 3);
    }

    @Test
    void aFrameLimitCutsTheReplayAcrossEpisodes(@TempDir Path dir) throws IOException {
        List<Integer> lengths = new ArrayList<>();
        ReplayRecorder<?> recorder = play("MinAtar/Breakout-v1", 3, 40, lengths);
        assertEquals(3, lengths.size(), "every episode is still played");
        assertEquals(Math.min(40, lengths.stream().mapToInt(l -> l + 1).sum()), recorder.frames());
        assertFalse(recorder.capture() && recorder.frames() > 40);
        Path gif = dir.resolve("breakout.gif");
        recorder.writeGif(gif, n -> { });
        GifFrames read = GifFrames.read(gif);
        assertEquals(recorder.frames(), read.frames().size());
        assertEquals(8, read.delaysCentis().get(0));
        assertFalse(same(read.frames().get(0), read.frames().get(5)), "the ball moves every frame");
    }

    @Test
    void aLunarLanderReplayShowsTheLanderFalling(@TempDir Path dir) throws IOException {
        ReplayRecorder<?> recorder = play("LunarLander-v3", 1, 30, new ArrayList<>());
        Path gif = dir.resolve("lander.gif");
        recorder.writeGif(gif, n -> { });
        GifFrames read = GifFrames.read(gif);
        assertEquals(30, read.frames().size());
        assertFalse(same(read.frames().get(0), read.frames().get(29)));
    }

    @Test
    void nothingCapturedIsAnErrorAndLimitsArePositive(@TempDir Path dir) {
        ReplayRecorder<?> recorder = ReplayRecorder.of(EnvironmentConfig.of("CartPole-v1").make(), 5, 1);
        assertThrows(IllegalStateException.class, () -> recorder.writeGif(dir.resolve("x.gif"), n -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> ReplayRecorder.of(EnvironmentConfig.of("CartPole-v1").make(), 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ReplayRecorder.of(EnvironmentConfig.of("CartPole-v1").make(), 5, 0));
    }

    @Test
    void keepingEveryNthFrameKeepsTheRealSpeed(@TempDir Path dir) throws IOException {
        Environment env = EnvironmentConfig.of("CartPole-v1").make();
        ReplayRecorder<?> recorder = ReplayRecorder.of(env, 100, 3);
        env.reset(1);
        List<Boolean> kept = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            kept.add(recorder.capture());
            env.step(i % 2);
        }
        assertEquals(List.of(true, false, false, true, false, false, true), kept);
        assertEquals(3, recorder.frames());
        assertEquals(java.time.Duration.ofMillis(60), recorder.frameDelay());
        Path gif = dir.resolve("every.gif");
        recorder.writeGif(gif, n -> { });
        assertEquals(List.of(6, 6, 6), GifFrames.read(gif).delaysCentis());
    }
}

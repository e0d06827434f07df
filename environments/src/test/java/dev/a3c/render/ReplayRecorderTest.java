package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.Environment;
import dev.a3c.env.Environments;
import dev.a3c.env.Step;
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

    /**
     * Plays {@code episodes} episodes of the environment with action 0 throughout (CartPole pushes left and falls,
     * the lander drifts down with its engines off), seeded 3, 4, ..., capturing every observation as the evaluator does.
     */
    private static ReplayRecorder<?> play(String id, int episodes, int maxFrames, List<Integer> lengths) {
        Environment env = Environments.make(id);
        ReplayRecorder<?> recorder = ReplayRecorder.of(env, maxFrames, 1);
        for (int episode = 0; episode < episodes; episode++) {
            env.reset(3 + episode);
            recorder.capture();
            int length = 0;
            Step step;
            do {
                step = env.step(0);
                recorder.capture();
                length++;
            } while (!step.done());
            lengths.add(length);
        }
        return recorder;
    }

    private static boolean same(BufferedImage a, BufferedImage b) {
        int[] pa = a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth());
        int[] pb = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
        return Arrays.equals(pa, pb);
    }

    @Test
    void aCartPoleEpisodeBecomesAnAnimatedGif(@TempDir Path dir) throws IOException {
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
        ReplayRecorder<?> recorder = ReplayRecorder.of(Environments.make("CartPole-v1"), 5, 1);
        assertThrows(IllegalStateException.class, () -> recorder.writeGif(dir.resolve("x.gif"), n -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> ReplayRecorder.of(Environments.make("CartPole-v1"), 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> ReplayRecorder.of(Environments.make("CartPole-v1"), 5, 0));
    }

    @Test
    void keepingEveryNthFrameKeepsTheRealSpeed(@TempDir Path dir) throws IOException {
        Environment env = Environments.make("CartPole-v1");
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

package dev.a3c.render;

import dev.a3c.env.Environment;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Records a replay of an environment: {@link #capture()} after each reset and step keeps a snapshot of the state
 * (every {@code every}-th one, up to a frame limit), {@link #writeGif} draws them into an animated GIF afterwards,
 * each frame shown for the environment's frame time times {@code every}, so the replay keeps its real speed.
 *
 * @param <S> the renderer's snapshot type
 */
public final class ReplayRecorder<S> {

    /** How many frames the GIF's shared palette is taken from. */
    static final int PALETTE_SAMPLES = 16;

    private final Environment env;
    private final FrameRenderer<S> renderer;
    private final int maxFrames;
    private final int every;
    private final List<S> snapshots = new ArrayList<>();
    private long offered;

    /**
     * @param maxFrames frames kept at most
     * @param every keep one of this many states (1: all)
     */
    public ReplayRecorder(Environment env, FrameRenderer<S> renderer, int maxFrames, int every) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("a replay needs at least one frame, got a limit of " + maxFrames);
        }
        if (every < 1) {
            throw new IllegalArgumentException("keep every n-th frame needs n >= 1, got " + every);
        }
        this.env = env.unwrapped();
        this.renderer = renderer;
        this.maxFrames = maxFrames;
        this.every = every;
    }

    /**
     * A recorder with the environment's renderer ({@link Renderers#forEnvironment}).
     *
     * @throws IllegalArgumentException when no renderer draws this environment
     */
    public static ReplayRecorder<?> of(Environment env, int maxFrames, int every) {
        return create(env, Renderers.forEnvironment(env), maxFrames, every);
    }

    private static <S> ReplayRecorder<S> create(Environment env, FrameRenderer<S> renderer, int maxFrames, int every) {
        return new ReplayRecorder<>(env, renderer, maxFrames, every);
    }

    /**
     * Offers the environment's current state: every {@code every}-th offer (the first included) is kept until the
     * limit is reached. Returns whether this one was kept.
     */
    public boolean capture() {
        if (snapshots.size() >= maxFrames || offered++ % every != 0) {
            return false;
        }
        snapshots.add(renderer.capture(env));
        return true;
    }

    /** How long each frame is shown: the environment's frame time times {@code every}. */
    public java.time.Duration frameDelay() {
        return renderer.frameDelay().multipliedBy(every);
    }

    /** Frames captured. */
    public int frames() {
        return snapshots.size();
    }

    /** Whether the frame limit has been reached. */
    public boolean full() {
        return snapshots.size() >= maxFrames;
    }

    public FrameRenderer<S> renderer() {
        return renderer;
    }

    /** Up to {@link #PALETTE_SAMPLES} frames spread evenly over the replay, for its palette. */
    private List<BufferedImage> samples() {
        int n = Math.min(PALETTE_SAMPLES, snapshots.size());
        List<BufferedImage> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(renderer.render(snapshots.get((int) ((long) i * (snapshots.size() - 1) / Math.max(1, n - 1)))));
        }
        return samples;
    }

    /**
     * Draws every captured frame into an animated GIF at {@code file} (written to a temporary file beside it, then
     * moved into place), telling {@code progress} the number of frames written after each one.
     */
    public void writeGif(Path file, IntConsumer progress) throws IOException {
        if (snapshots.isEmpty()) {
            throw new IllegalStateException("no frames captured");
        }
        GifPalette palette = GifPalette.of(samples());
        Path absolute = file.toAbsolutePath();
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try (AnimatedGifWriter gif = new AnimatedGifWriter(new BufferedOutputStream(Files.newOutputStream(tmp)),
                frameDelay())) {
            for (S snapshot : snapshots) {
                gif.write(palette.index(renderer.render(snapshot)));
                progress.accept(gif.frames());
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
}

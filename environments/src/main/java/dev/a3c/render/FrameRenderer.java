package dev.a3c.render;

import dev.a3c.env.Environment;
import java.awt.image.BufferedImage;
import java.time.Duration;

/**
 * Draws one kind of environment: {@link #capture} takes a small, immutable snapshot of what a frame shows (cheap
 * enough to take every step), {@link #render} draws a snapshot. Replays keep snapshots while the agent plays and draw
 * them afterwards, so playing never waits for drawing.
 *
 * @param <S> the snapshot type
 */
public interface FrameRenderer<S> {

    /** A snapshot of {@code env}'s current state; {@code env} is the unwrapped simulation ({@link Environment#unwrapped()}). */
    S capture(Environment env);

    /** Draws a snapshot as an RGB image; every frame of one renderer has the same size. */
    BufferedImage render(S snapshot);

    /** How long a frame is shown in a replay: the environment's own frame rate where it has one. */
    Duration frameDelay();
}

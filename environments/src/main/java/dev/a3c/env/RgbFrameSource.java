package dev.a3c.env;

/**
 * An environment that draws itself (Gymnasium's {@code render_mode="rgb_array"}): replays show its own frames.
 */
public interface RgbFrameSource {

    /** One RGB frame: {@code height x width x 3} bytes, row by row, and the environment's frame rate (0: none). */
    record Frame(int height, int width, byte[] rgb, double fps) {
        public Frame {
            if (height < 1 || width < 1 || rgb.length != height * width * 3) {
                throw new IllegalArgumentException("an RGB frame of " + height + " x " + width + " needs "
                        + height * width * 3 + " bytes, got " + rgb.length);
            }
        }
    }

    /** The current frame. */
    Frame frame();
}

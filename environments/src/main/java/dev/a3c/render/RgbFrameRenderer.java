package dev.a3c.render;

import dev.a3c.env.Environment;
import dev.a3c.env.RgbFrameSource;
import java.awt.image.BufferedImage;
import java.time.Duration;

/** Replays of environments that draw themselves: their own RGB frames. */
final class RgbFrameRenderer implements FrameRenderer<RgbFrameSource.Frame> {

    private Duration delay = Duration.ofMillis(50);

    @Override
    public RgbFrameSource.Frame capture(Environment env) {
        RgbFrameSource.Frame frame = ((RgbFrameSource) env).frame();
        if (frame.fps() > 0) {
            delay = Duration.ofNanos(Math.round(1e9 / frame.fps()));
        }
        return frame;
    }

    @Override
    public BufferedImage render(RgbFrameSource.Frame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = frame.rgb();
        for (int y = 0, i = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++, i += 3) {
                image.setRGB(x, y, (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF));
            }
        }
        return image;
    }

    @Override
    public Duration frameDelay() {
        return delay;
    }
}

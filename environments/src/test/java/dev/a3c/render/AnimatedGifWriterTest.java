package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimatedGifWriterTest {

    private static BufferedImage frame(Color color, int square) {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 30);
        g.setColor(color);
        g.fillRect(square, 10, 10, 10);
        g.dispose();
        return image;
    }

    @Test
    void framesDelayAndLoopSurviveARoundTrip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.gif");
        List<Color> colors = List.of(Color.RED, Color.GREEN, Color.BLUE);
        try (AnimatedGifWriter gif = new AnimatedGifWriter(Files.newOutputStream(file), Duration.ofMillis(50))) {
            assertEquals(5, gif.delayCentis());
            for (int i = 0; i < 3; i++) {
                gif.write(frame(colors.get(i), 5 + 10 * i));
            }
            assertEquals(3, gif.frames());
        }
        GifFrames read = GifFrames.read(file);
        assertEquals(3, read.frames().size());
        assertEquals(List.of(5, 5, 5), read.delaysCentis());
        assertTrue(read.loopsForever());
        for (int i = 0; i < 3; i++) {
            BufferedImage f = read.frames().get(i);
            assertEquals(40, f.getWidth());
            assertEquals(30, f.getHeight());
            assertEquals(colors.get(i), Pixels.at(f, 10 + 10 * i, 15), "frame " + i);
            assertEquals(Color.WHITE, Pixels.at(f, 1, 1));
        }
    }

    @Test
    void delaysBelowWhatBrowsersShowAreRaised(@TempDir Path dir) throws IOException {
        try (AnimatedGifWriter gif = new AnimatedGifWriter(Files.newOutputStream(dir.resolve("b.gif")), Duration.ofMillis(5))) {
            assertEquals(2, gif.delayCentis());
        }
    }

    @Test
    void framesInOnePaletteAreWrittenAsTheirChangedRectangleAndDecodeToTheSamePictures(@TempDir Path dir)
            throws IOException {
        List<BufferedImage> frames = List.of(frame(Color.RED, 5), frame(Color.RED, 8), frame(Color.RED, 8),
                frame(Color.BLUE, 8));
        GifPalette palette = GifPalette.of(frames);
        Path file = dir.resolve("c.gif");
        try (AnimatedGifWriter gif = new AnimatedGifWriter(Files.newOutputStream(file), Duration.ofMillis(20))) {
            for (BufferedImage f : frames) {
                gif.write(palette.index(f));
            }
        }
        GifFrames read = GifFrames.read(file);
        assertEquals(4, read.frames().size());
        for (int i = 0; i < 4; i++) {
            BufferedImage expected = frames.get(i);
            BufferedImage actual = read.frames().get(i);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    assertEquals(expected.getRGB(x, y) & 0xFFFFFF, actual.getRGB(x, y) & 0xFFFFFF,
                            "frame " + i + " at " + x + "," + y);
                }
            }
        }
        assertEquals(List.of(40, 30), List.of(read.patchSizes().get(0)[0], read.patchSizes().get(0)[1]), "the first in full");
        // the square moved 3 pixels right: columns 5..17 changed, rows 10..19
        assertEquals(List.of(13, 10), List.of(read.patchSizes().get(1)[0], read.patchSizes().get(1)[1]));
        assertEquals(List.of(1, 1), List.of(read.patchSizes().get(2)[0], read.patchSizes().get(2)[1]), "nothing changed");
        assertEquals(List.of(10, 10), List.of(read.patchSizes().get(3)[0], read.patchSizes().get(3)[1]), "only the colour");
    }
}

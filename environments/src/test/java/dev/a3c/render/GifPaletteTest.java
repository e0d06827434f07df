package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class GifPaletteTest {

    /** A 300 x 2 image: {@code n} colours of ascending frequency in the first row, black below. */
    private static BufferedImage ramp(int n) {
        BufferedImage image = new BufferedImage(n, 2, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < n; x++) {
            image.setRGB(x, 0, x * 0x010101 + 0x000100);
        }
        return image;
    }

    @Test
    void fewColoursAreKeptExactlyWithATransparentEntryBesideThem() {
        BufferedImage image = ramp(100);
        GifPalette palette = GifPalette.of(List.of(image));
        assertEquals(101, palette.colors().length, "100 colours and black");
        BufferedImage indexed = palette.index(image);
        assertEquals(BufferedImage.TYPE_BYTE_INDEXED, indexed.getType());
        IndexColorModel model = (IndexColorModel) indexed.getColorModel();
        assertEquals(101, model.getTransparentPixel());
        for (int x = 0; x < 100; x++) {
            assertEquals(image.getRGB(x, 0) & 0xFFFFFF, indexed.getRGB(x, 0) & 0xFFFFFF);
        }
        assertEquals(0, palette.colors()[0], "black is the most frequent");
    }

    @Test
    void beyond255ColoursTheRarestGoToTheirNearestKeptColour() {
        // 250 colours ten pixels each, then 50 rare ones, each one blue step from a frequent one
        BufferedImage image = new BufferedImage(2550, 1, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 2500; x++) {
            image.setRGB(x, 0, (x / 10) << 16);
        }
        for (int x = 2500; x < 2550; x++) {
            image.setRGB(x, 0, ((x - 2500) * 5) << 16 | 1);
        }
        GifPalette palette = GifPalette.of(List.of(image));
        assertEquals(GifPalette.COLORS, palette.colors().length);
        BufferedImage indexed = palette.index(image);
        for (int x = 0; x < 2500; x++) {
            assertEquals(image.getRGB(x, 0) & 0xFFFFFF, indexed.getRGB(x, 0) & 0xFFFFFF, "frequent colours are exact");
        }
        int rareExact = 0;
        for (int x = 2500; x < 2550; x++) {
            int expected = image.getRGB(x, 0) & 0xFFFFFF;
            int actual = indexed.getRGB(x, 0) & 0xFFFFFF;
            rareExact += expected == actual ? 1 : 0;
            assertTrue(actual == expected || actual == (expected & 0xFF0000), "the same red, at most one blue step off");
        }
        assertEquals(5, rareExact, "the 5 rare colours that still fit into 255 are kept");
    }
}

package dev.a3c.render;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Pixel counts and centroids for the renderer tests. */
final class Pixels {

    private Pixels() {}

    /** How many pixels have exactly this colour. */
    static int count(BufferedImage image, Color color) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }

    /** The mean (x, y) image position of the pixels of exactly this colour (y grows downwards). */
    static double[] centroid(BufferedImage image, Color color) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        if (n == 0) {
            throw new AssertionError("no pixel of colour " + color);
        }
        return new double[] {sx / n, sy / n};
    }

    /** How many distinct colours the image has. */
    static long distinctColors(BufferedImage image) {
        return java.util.Arrays.stream(image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth()))
                .map(rgb -> rgb & 0xFFFFFF).distinct().count();
    }

    /** The colour at (x, y). */
    static Color at(BufferedImage image, int x, int y) {
        return new Color(image.getRGB(x, y) & 0xFFFFFF);
    }
}

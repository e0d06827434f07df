package dev.a3c.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One palette for every frame of a replay: the 255 most frequent colours of a few sample frames (all of them when
 * there are fewer, as in flat-coloured renderings; the rarest anti-aliasing shades beyond that are mapped to their
 * nearest kept colour), plus one transparent entry that {@link AnimatedGifWriter} uses for the pixels a frame leaves
 * unchanged. Sharing one palette keeps colours steady from frame to frame, lets the GIF carry a single colour table,
 * and is much faster than quantizing each frame on its own.
 */
final class GifPalette {

    /** Opaque colours at most; one more index is the transparent one. */
    static final int COLORS = 255;

    private final int[] rgb;
    private final IndexColorModel model;
    private final Map<Integer, Byte> nearest = new HashMap<>();

    private GifPalette(int[] rgb) {
        this.rgb = rgb;
        byte[] r = new byte[rgb.length + 1];
        byte[] g = new byte[rgb.length + 1];
        byte[] b = new byte[rgb.length + 1];
        for (int i = 0; i < rgb.length; i++) {
            r[i] = (byte) (rgb[i] >> 16);
            g[i] = (byte) (rgb[i] >> 8);
            b[i] = (byte) rgb[i];
            nearest.put(rgb[i], (byte) i);
        }
        this.model = new IndexColorModel(8, rgb.length + 1, r, g, b, rgb.length);
    }

    /** The palette of the most frequent colours in {@code samples}. */
    static GifPalette of(List<BufferedImage> samples) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (BufferedImage image : samples) {
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            int run = pixels.length == 0 ? 0 : pixels[0] & 0xFFFFFF;
            int length = 0;
            for (int p : pixels) {
                int color = p & 0xFFFFFF;
                if (color != run) {
                    counts.merge(run, length, Integer::sum);
                    run = color;
                    length = 0;
                }
                length++;
            }
            if (length > 0) {
                counts.merge(run, length, Integer::sum);
            }
        }
        int[] kept = counts.entrySet().stream()
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(COLORS).mapToInt(Map.Entry::getKey).toArray();
        return new GifPalette(kept.length == 0 ? new int[] {0} : kept);
    }

    /** The palette's colours, most frequent first. */
    int[] colors() {
        return rgb.clone();
    }

    /** {@code image} in this palette: exact where the colour is in it, else the nearest one (in RGB distance). */
    BufferedImage index(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] out = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        int last = -1;
        byte lastIndex = 0;
        for (int i = 0; i < pixels.length; i++) {
            int color = pixels[i] & 0xFFFFFF;
            if (color != last) {
                last = color;
                lastIndex = nearest.computeIfAbsent(color, this::closest);
            }
            out[i] = lastIndex;
        }
        return indexed;
    }

    private byte closest(int color) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < rgb.length; i++) {
            int dr = (rgb[i] >> 16 & 0xFF) - (color >> 16 & 0xFF);
            int dg = (rgb[i] >> 8 & 0xFF) - (color >> 8 & 0xFF);
            int db = (rgb[i] & 0xFF) - (color & 0xFF);
            long distance = (long) dr * dr + (long) dg * dg + (long) db * db;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return (byte) best;
    }

    @Override
    public String toString() {
        return "GifPalette" + Arrays.toString(Arrays.copyOf(rgb, Math.min(4, rgb.length))) + "... (" + rgb.length + ")";
    }
}

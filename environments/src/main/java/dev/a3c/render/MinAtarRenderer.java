package dev.a3c.render;

import dev.a3c.env.Environment;
import dev.a3c.env.minatar.MinAtarGame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A MinAtar game's 10 x 10 grid, each cell a square of {@link #CELL} pixels with a 1-pixel gap, coloured by the
 * channel set in it. Where several are set, moving pieces show over bricks and bricks over trails; among equals the
 * highest-numbered channel shows (as in the reference's display). Colours follow
 * the channels' names: the player's pieces blue, balls and bullets light, enemies red, treasure gold, trails dim;
 * an unknown name gets a colour of its own from a fixed sequence of hues. Empty cells stay black.
 */
public final class MinAtarRenderer implements FrameRenderer<float[]> {

    public static final int CELL = 24;
    public static final int SIZE = MinAtarGame.SIZE * CELL;
    public static final Color EMPTY = Color.BLACK;
    public static final Color GRID = new Color(0x1A1A1A);

    private static final Map<String, Color> BY_NAME = Map.ofEntries(
            Map.entry("paddle", new Color(0x42A5F5)),
            Map.entry("player", new Color(0x42A5F5)),
            Map.entry("chicken", new Color(0xFFEB3B)),
            Map.entry("cannon", new Color(0x42A5F5)),
            Map.entry("sub_front", new Color(0x42A5F5)),
            Map.entry("sub_back", new Color(0x1E88E5)),
            Map.entry("ball", Color.WHITE),
            Map.entry("trail", new Color(0x5C5C5C)),
            Map.entry("brick", new Color(0xEF6C57)),
            Map.entry("enemy", new Color(0xE53935)),
            Map.entry("enemy_fish", new Color(0xE53935)),
            Map.entry("enemy_sub", new Color(0xAD1457)),
            Map.entry("alien", new Color(0x66BB6A)),
            Map.entry("alien_left", new Color(0x66BB6A)),
            Map.entry("alien_right", new Color(0x43A047)),
            Map.entry("car", new Color(0xE53935)),
            Map.entry("gold", new Color(0xFFC107)),
            Map.entry("friendly_bullet", new Color(0xFFF59D)),
            Map.entry("enemy_bullet", new Color(0xFF8A65)),
            Map.entry("oxygen_gauge", new Color(0x26C6DA)),
            Map.entry("diver_gauge", new Color(0x9CCC65)),
            Map.entry("diver", new Color(0x9CCC65)));

    private final List<String> channelNames;
    private final int[] colors;
    /** Channels in the order they are looked up for a cell: the one that shows first. */
    private final int[] drawOrder;

    /** A renderer for a game with these channels, in channel order. */
    public MinAtarRenderer(List<String> channelNames) {
        if (channelNames.isEmpty()) {
            throw new IllegalArgumentException("a MinAtar grid has at least one channel");
        }
        this.channelNames = List.copyOf(channelNames);
        this.colors = new int[channelNames.size()];
        for (int c = 0; c < colors.length; c++) {
            colors[c] = colorOf(channelNames.get(c), c).getRGB();
        }
        this.drawOrder = java.util.stream.IntStream.range(0, colors.length).boxed()
                .sorted(java.util.Comparator.comparingInt((Integer c) -> layer(channelNames.get(c))).reversed()
                        .thenComparing(java.util.Comparator.<Integer>reverseOrder()))
                .mapToInt(Integer::intValue).toArray();
    }

    /** 0 for trails, 1 for bricks, 2 for everything else. */
    private static int layer(String name) {
        if (name.contains("trail") || name.startsWith("speed")) {
            return 0;
        }
        return name.equals("brick") ? 1 : 2;
    }

    /** The colour of a channel: by its name, else the {@code index}-th of a sequence of distinct hues. */
    public static Color colorOf(String name, int index) {
        if (name.startsWith("speed")) {
            return new Color(0x5C5C5C);
        }
        Color known = BY_NAME.get(name);
        return known != null ? known : Color.getHSBColor((float) ((index * 0.618033988749895) % 1.0), 0.65f, 0.95f);
    }

    /** The colour this renderer gives channel {@code channel}. */
    public Color channelColor(int channel) {
        return new Color(colors[channel]);
    }

    public List<String> channelNames() {
        return channelNames;
    }

    @Override
    public float[] capture(Environment env) {
        return ((MinAtarGame) env).observation();
    }

    /** Draws a flat c-order {@code [10, 10, C]} grid. */
    @Override
    public BufferedImage render(float[] grid) {
        int channels = colors.length;
        if (grid.length != MinAtarGame.SIZE * MinAtarGame.SIZE * channels) {
            throw new IllegalArgumentException("expected a 10x10x" + channels + " grid, got " + grid.length + " values");
        }
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(GRID);
        g.fillRect(0, 0, SIZE, SIZE);
        for (int row = 0; row < MinAtarGame.SIZE; row++) {
            for (int column = 0; column < MinAtarGame.SIZE; column++) {
                Color color = EMPTY;
                for (int c : drawOrder) {
                    if (grid[MinAtarGame.index(row, column, c, channels)] != 0f) {
                        color = new Color(colors[c]);
                        break;
                    }
                }
                g.setColor(color);
                g.fillRect(column * CELL + 1, row * CELL + 1, CELL - 1, CELL - 1);
            }
        }
        g.dispose();
        return image;
    }

    /** About 12 frames a second: slow enough to follow a one-cell-a-frame ball. */
    @Override
    public Duration frameDelay() {
        return Duration.ofMillis(80);
    }
}

package dev.a3c.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.a3c.env.Environments;
import dev.a3c.env.minatar.Breakout;
import dev.a3c.env.minatar.MinAtarGame;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinAtarRendererTest {

    private static Color cell(BufferedImage image, int row, int column) {
        int c = MinAtarRenderer.CELL;
        return Pixels.at(image, column * c + c / 2, row * c + c / 2);
    }

    @Test
    void aBreakoutFrameShowsThePaddleBallAndBricksInTheirCells() {
        Breakout game = new Breakout(true);
        game.reset(4);
        MinAtarRenderer renderer = new MinAtarRenderer(game.channelNames());
        float[] grid = renderer.capture(game);
        BufferedImage image = renderer.render(grid);
        assertEquals(240, image.getWidth());
        assertEquals(240, image.getHeight());
        Color paddle = MinAtarRenderer.colorOf("paddle", Breakout.PADDLE);
        assertEquals(paddle, renderer.channelColor(Breakout.PADDLE));
        assertEquals(paddle, cell(image, 9, 4), "the paddle starts in the bottom row's column 4");
        assertEquals(MinAtarRenderer.EMPTY, cell(image, 9, 3));
        assertEquals(MinAtarRenderer.colorOf("brick", Breakout.BRICK), cell(image, 2, 5));
        assertEquals(MinAtarRenderer.EMPTY, cell(image, 6, 5));
        int ballColumn = grid[MinAtarGame.index(3, 0, Breakout.BALL, Breakout.CHANNELS)] == 1f ? 0 : 9;
        assertEquals(Color.WHITE, cell(image, 3, ballColumn), "the ball, over the brick it starts in");

        game.step(2);   // right (minimal actions: noop, left, right); sticky actions may repeat a noop
        game.step(2);
        float[] after = renderer.capture(game);
        BufferedImage later = renderer.render(after);
        for (int c = 0; c < 10; c++) {
            boolean paddleHere = after[MinAtarGame.index(9, c, Breakout.PADDLE, Breakout.CHANNELS)] == 1f;
            assertEquals(paddleHere, cell(later, 9, c).equals(paddle), "bottom row, column " + c);
        }
    }

    @Test
    void everyChannelOfEveryGameHasAVisibleColourOfItsOwnName() {
        for (String id : Environments.ids().stream().filter(id -> id.startsWith("MinAtar/")).toList()) {
            MinAtarGame game = (MinAtarGame) Environments.make(id).unwrapped();
            MinAtarRenderer renderer = (MinAtarRenderer) Renderers.forEnvironment(game);
            List<String> names = game.channelNames();
            assertEquals(names, renderer.channelNames());
            for (int c = 0; c < names.size(); c++) {
                float[] grid = new float[100 * names.size()];
                grid[MinAtarGame.index(5, 7, c, names.size())] = 1f;
                BufferedImage image = renderer.render(grid);
                assertEquals(renderer.channelColor(c), cell(image, 5, 7), id + " " + names.get(c));
                assertNotEquals(MinAtarRenderer.EMPTY, renderer.channelColor(c), id + " " + names.get(c));
                assertEquals(MinAtarRenderer.EMPTY, cell(image, 5, 6));
            }
        }
        assertEquals(MinAtarRenderer.colorOf("paddle", 0), MinAtarRenderer.colorOf("cannon", 0), "same role, same colour");
        assertNotEquals(MinAtarRenderer.colorOf("mystery", 0), MinAtarRenderer.colorOf("mystery", 1),
                "unknown names get distinct hues");
    }

    @Test
    void whereChannelsOverlapPiecesShowOverBricksOverTrails() {
        MinAtarRenderer renderer = new MinAtarRenderer(Breakout.CHANNEL_NAMES);
        float[] grid = new float[400];
        grid[MinAtarGame.index(9, 4, Breakout.PADDLE, 4)] = 1f;
        grid[MinAtarGame.index(9, 4, Breakout.BALL, 4)] = 1f;
        grid[MinAtarGame.index(2, 2, Breakout.BRICK, 4)] = 1f;
        grid[MinAtarGame.index(2, 2, Breakout.TRAIL, 4)] = 1f;
        grid[MinAtarGame.index(2, 3, Breakout.BRICK, 4)] = 1f;
        grid[MinAtarGame.index(2, 3, Breakout.PADDLE, 4)] = 1f;
        BufferedImage image = renderer.render(grid);
        assertEquals(Color.WHITE, cell(image, 9, 4), "among pieces the highest-numbered channel");
        assertEquals(renderer.channelColor(Breakout.BRICK), cell(image, 2, 2), "a brick over a trail");
        assertEquals(renderer.channelColor(Breakout.PADDLE), cell(image, 2, 3), "a piece over a brick");
        assertThrows(IllegalArgumentException.class, () -> renderer.render(new float[300]));
    }
}

package dev.a3c.env.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.a3c.env.Step;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole trajectories compared with the reference implementation (kenjyoung/MinAtar, run outside this repository) for
 * the games whose dynamics draw no random numbers once the episode has started: Breakout (given the ball's starting
 * side) and Space Invaders, both with sticky actions off. Actions come from a 64-bit LCG both sides compute the same
 * way; Breakout's policy mostly follows the ball, Space Invaders' fires a quarter of the time. Each step's
 * observation (its set flat indices), reward and termination are hashed with SHA-256, in the same text format on
 * both sides; the expected return, length and digest are the reference's.
 */
class ReferenceTrajectoryTest {

    private static long lcg(long x) {
        return x * 6364136223846793005L + 1442695040888963407L;
    }

    private static String digest(MinAtarGame env, float[] first, String game, long seed) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        int channels = env.spec().observationShape().get(2);
        float[] obs = first;
        long x = seed;
        int total = 0;
        int steps = 0;
        for (int t = 0; t < 5000; t++) {
            x = lcg(x);
            long u = (x >>> 33) % 100;
            int action = (int) ((x >>> 40) % 6);
            if (game.equals("breakout") && u < 98) {
                int ball = columnOf(obs, Breakout.BALL, channels);
                int trail = columnOf(obs, Breakout.TRAIL, channels);
                ball = Math.min(9, Math.max(0, ball + (ball - trail)));
                int paddle = columnOf(obs, Breakout.PADDLE, channels);
                action = ball == paddle ? MinAtarGame.NOOP : ball < paddle ? MinAtarGame.LEFT : MinAtarGame.RIGHT;
            } else if (game.equals("space_invaders") && u < 25) {
                action = MinAtarGame.FIRE;
            }
            Step step = env.step(action);
            obs = step.observation();
            total += (int) step.reward();
            steps++;
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < obs.length; i++) {
                if (obs[i] != 0f) {
                    if (line.length() > 0) {
                        line.append(',');
                    }
                    line.append(i);
                }
            }
            line.append('|').append((int) step.reward()).append('|').append(step.terminated() ? 'T' : 'F').append(';');
            sha.update(line.toString().getBytes(StandardCharsets.US_ASCII));
            if (step.done()) {
                break;
            }
        }
        return total + " " + steps + " " + HexFormat.of().formatHex(sha.digest());
    }

    /** The lowest column holding the channel (each channel used here has one cell per column at most). */
    private static int columnOf(float[] obs, int channel, int channels) {
        int best = Integer.MAX_VALUE;
        for (int row = 0; row < 10; row++) {
            for (int column = 0; column < 10; column++) {
                if (obs[MinAtarGame.index(row, column, channel, channels)] != 0f) {
                    best = Math.min(best, column);
                }
            }
        }
        return best == Integer.MAX_VALUE ? 0 : best;
    }

    @ParameterizedTest
    @CsvSource({
            "breakout, 1, 9, 102, 482610ac7cba7cdc077f02c25e9e7b5ef84da4e6761c69737c6d4e2196a98700",
            "breakout, 2, 8, 90, 137cadc754f7f5c5d7d4be6bcc15f680392f3ea9ab4f6db624eebfab958af283",
            "breakout, 3, 6, 70, 27c03ae6aba71bd5b44b3d00146b7f5493dabf4ae997e964cd60eb9d7cda5605",
            "breakout, 4, 8, 90, 2e927425623e97e832eaa31c7433a59ff5f43b2d4e733ccfdbb6b9a1e906801d",
            "breakout, 5, 17, 192, 939889615fad07b16d16ad864c00297289c9ef2253558651fbe6866f272bea57",
            "breakout, 6, 11, 122, 3507a0ccfb1fe40f25b40ddfa97e49375215528d1eba760e17f9be913a597bd1",
            "breakout, 7, 7, 80, 6710c5b5dc75323551fc10d10bc3b099574a919be824918ca54f906f5703a39e",
            "breakout, 8, 6, 70, f281ab286ebb7b7938fa9edf54dfb248d86f42dff61f4f2002f2246202b1ffde",
            "breakout, 9, 3, 86, c16986cc1982c9e02dfc6f3aa624224c0d215dacc6da05a14979a2ca70412378",
            "breakout, 10, 24, 418, 0ba88324199abe7bfbd8fe0dbe6d113425cfbcf49035aa74d364811ae51f3ae9",
            "breakout, 11, 13, 254, b39a2afa675afefa7dd090f72a4205acda5ecaecf776a26f8d22eb308469b02a",
            "breakout, 12, 2, 40, a7ca41791fad178cc0297fc148ab2164d15e1092923caba3ef97548dc75cf49f",
            "breakout, 13, 10, 258, b45db0654cb09ffd4c5ce2eecb7e3452fe861e8d0507fe24849d10486c5f3972",
            "breakout, 14, 35, 596, 89f502915c6a90ecec0d5cf25f2f37274b00aa84daaeed62d1e37e9517f11125",
            "space_invaders, 1, 4, 97, 58d3fd21ef6f52c5e7e9ae6a564fd7a54e29d4495b1e4a14ff338399d17a223e",
            "space_invaders, 2, 7, 48, c70477a9bac5a666f05bf9c09e4b8c55f2374aa9b6fed5565572183eb51d2bed",
            "space_invaders, 3, 2, 17, df9e74c5b05107dae4a78a56dcd2a375be81df0c8967d590f14dae4bbdcb5da9",
            "space_invaders, 4, 3, 28, 783301808978f7e2c84f1bdca9da684e3803b8788918ab7f890c6370f77b0d0f",
            "space_invaders, 5, 1, 17, 06398dcd6c58ada6bcdf6f0e307f7fc556ab35dd09066e559f4f600316b9deb5",
            "space_invaders, 6, 6, 37, 29f41ea053f3870ea18021bd67edfc6cf95a09486fc4652eab5781eadfee9749",
            "space_invaders, 7, 1, 66, 2f07baa600af907d0183d07d9564b31811fcaa7761225ea8d8bc20ce3dbdc432",
            "space_invaders, 8, 2, 18, eba82390470e95a7c9fd12e2cf93bbfe636f96c9c57b7ab827a2dd113771bc8e"
    })
    void trajectoryMatchesTheReference(String game, long seed, int expectedReturn, int expectedLength,
                                       String expectedDigest) {
        MinAtarGame env;
        float[] first;
        if (game.equals("breakout")) {
            Breakout breakout = new Breakout(false, 0.0);
            breakout.reset(1);
            boolean rightStart = seed % 2 == 0;
            breakout.ballColumn = rightStart ? 9 : 0;
            breakout.columnVelocity = rightStart ? -1 : 1;
            breakout.rowVelocity = 1;
            breakout.trailRow = breakout.ballRow;
            breakout.trailColumn = breakout.ballColumn;
            if (seed > 8) {
                // Six bricks only, so that the trajectory clears them and sees the rows come back.
                for (boolean[] row : breakout.bricks) {
                    java.util.Arrays.fill(row, false);
                }
                for (int column = 2; column < 8; column++) {
                    breakout.bricks[3][column] = true;
                }
            }
            env = breakout;
        } else {
            env = new SpaceInvaders(false, 0.0, true);
            env.reset(1);
        }
        first = env.observation();
        assertEquals(expectedReturn + " " + expectedLength + " " + expectedDigest, digest(env, first, game, seed));
    }
}

package dev.a3c.env.minatar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.a3c.env.Step;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * All five games, with their defaults (sticky actions 0.1, difficulty ramping), replayed against the reference
 * implementation (kenjyoung/MinAtar, run outside this repository) with a scripted random source on both sides: a
 * 64-bit LCG whose {@code nextDouble()} stands for numpy's {@code rand()} and {@code nextInt(n)} for
 * {@code randint(n)} (the reference's {@code randint(low, high)} is {@code low + nextInt(high - low)}). Both
 * sides draw the sticky-action number first, then what the game needs, so every draw lines up. The reference's
 * previous action was set back to noop at each reset, as ours is. Several episodes run in a row; each step's
 * observation (its set flat indices), reward and termination are hashed with SHA-256 in the same text format on both
 * sides. Expected: total return, total steps and digest of the reference.
 */
class ScriptedRandomReplayTest {

    private static long lcg(long x) {
        return x * 6364136223846793005L + 1442695040888963407L;
    }

    /** The scripted source, the same sequence the Python side uses. */
    static final class Script implements RandomGenerator {
        private long x;

        Script(long seed) {
            x = seed;
        }

        @Override
        public long nextLong() {
            x = lcg(x);
            return x;
        }

        @Override
        public double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        @Override
        public int nextInt(int bound) {
            return (int) ((nextLong() >>> 33) % bound);
        }

        @Override
        public boolean nextBoolean() {
            throw new UnsupportedOperationException("the games draw only nextDouble() and nextInt(bound)");
        }
    }

    private static Supplier<MinAtarGame> game(String name) {
        return switch (name) {
            case "breakout" -> Breakout::new;
            case "freeway" -> Freeway::new;
            case "asterix" -> Asterix::new;
            case "space_invaders" -> SpaceInvaders::new;
            case "seaquest" -> Seaquest::new;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @CsvSource({
            "breakout, 1, 19, 376, 9bb4cb77032ae91fc62a8445ee3085d91fb3f61fa57210b0e6f20186c82b858c",
            "breakout, 2, 9, 270, 349c23d94c2fa5e3b271a46c621aace756adfd7a03d0f6f892f2e45c6c00866e",
            "breakout, 3, 12, 302, e5aef39b1647cd5e273535f4c66ecd64117cd99f543ac8e0e4e5d6670431d768",
            "freeway, 1, 47, 5002, fe2b5417d49fd013781a46f88db35d14ac1c2139eaa9062172c06ceca0d15b71",
            "freeway, 2, 58, 5002, 20828d5129db35fbd8922636758ca2ff9dac4d2ec3203f9376e957429e37fe5b",
            "freeway, 3, 57, 5002, e8c5ef4204739bb37ba2188e0469bd5a51a7800ea718881b67408cc883c44461",
            "asterix, 1, 16, 2153, 9bd1fc97537867d7461b622df100aadb3b6e7c4c70c1a8ae70b7cf3ff7fada22",
            "asterix, 2, 12, 1787, d569463168d58e711e65bf9c65b68aa14ebfbe517841d301475ad3132f92772f",
            "asterix, 3, 17, 2097, 7cb9079266bda71cc76bc6769ec59cad59173e0b3aaf5b748714a8b29f6b5f90",
            "space_invaders, 1, 73, 1507, 6cde0bf9e63033c52a89fbf621c928c9af94a34318a973ecf0b72807a9d87ea6",
            "space_invaders, 2, 75, 1223, d5c172aab0a0a5ca5cc7e4ee29e70bbb2658c00b8286b01ee66f5681beeba2e0",
            "space_invaders, 3, 64, 1270, 9a8d9097709e264515bfd089628074a7e641a7da343e71b5086697c8522222e4",
            "seaquest, 1, 17, 2951, d40bb7f8a7c0b9ec73ba9619d46bf595ee5615deaf848b71bf0c6f2147c68abe",
            "seaquest, 2, 14, 3476, 96dd77cc0dde90ca032a82c8c2eaa171f870ef64cbdd1faa94f9eb2cc7117d8d",
            "seaquest, 3, 11, 3647, 26e1cd44a1db8fe138885cc7a8b975a368b4b0a2d6475f2c93cdd3cbbfd936eb"
    })
    void replayMatchesTheReference(String name, long seed, int expectedReturn, int expectedSteps,
                                   String expectedDigest) throws NoSuchAlgorithmException {
        MinAtarGame env = game(name).get();
        env.useRandom(new Script(seed * 1000 + 7));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long p = seed;
        int total = 0;
        int steps = 0;
        int episodes = name.equals("freeway") ? 2 : 30;
        for (int episode = 0; episode < episodes; episode++) {
            env.reset();
            for (int t = 0; t < 5000; t++) {
                p = lcg(p);
                int action = (int) ((p >>> 40) % 6);
                long u = (p >>> 33) % 100;
                if (name.equals("freeway") && u < 80) {
                    action = MinAtarGame.UP;
                }
                if (name.equals("seaquest") && action == MinAtarGame.UP && u < 90) {
                    action = MinAtarGame.FIRE;
                }
                Step step = env.step(action);
                total += (int) step.reward();
                steps++;
                StringBuilder line = new StringBuilder();
                float[] obs = step.observation();
                for (int i = 0; i < obs.length; i++) {
                    if (obs[i] != 0f) {
                        if (line.length() > 0) {
                            line.append(',');
                        }
                        line.append(i);
                    }
                }
                line.append('|').append((int) step.reward()).append('|').append(step.terminated() ? 'T' : 'F')
                        .append(';');
                sha.update(line.toString().getBytes(StandardCharsets.US_ASCII));
                if (step.done()) {
                    break;
                }
            }
        }
        assertEquals(expectedReturn + " " + expectedSteps + " " + expectedDigest,
                total + " " + steps + " " + HexFormat.of().formatHex(sha.digest()));
    }
}

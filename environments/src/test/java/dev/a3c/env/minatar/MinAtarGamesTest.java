package dev.a3c.env.minatar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.env.ActionSpace;
import dev.a3c.env.Environment;
import dev.a3c.env.EnvironmentSpec;
import dev.a3c.env.Environments;
import dev.a3c.env.Step;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every MinAtar game shares: spaces, registry, binary observations, seeding, sticky actions. */
class MinAtarGamesTest {

    /** name, channels, minimal action set, constructor (minimal action set, sticky probability). */
    static Stream<Arguments> games() {
        return Stream.of(
                game("Breakout", 4, new int[] {0, 1, 3}, (m, p) -> new Breakout(m, p)),
                game("Freeway", 7, new int[] {0, 2, 4}, (m, p) -> new Freeway(m, p)),
                game("Asterix", 4, new int[] {0, 1, 2, 3, 4}, (m, p) -> new Asterix(m, p, true)),
                game("SpaceInvaders", 6, new int[] {0, 1, 3, 5}, (m, p) -> new SpaceInvaders(m, p, true)),
                game("Seaquest", 10, new int[] {0, 1, 2, 3, 4, 5}, (m, p) -> new Seaquest(m, p, true)));
    }

    private static Arguments game(String name, int channels, int[] minimal,
                                  BiFunction<Boolean, Double, MinAtarGame> factory) {
        return Arguments.of(name, channels, minimal, factory);
    }

    @ParameterizedTest
    @MethodSource("games")
    void specsAndRegistry(String name, int channels, int[] minimal, BiFunction<Boolean, Double, MinAtarGame> factory) {
        for (boolean v1 : new boolean[] {false, true}) {
            MinAtarGame game = factory.apply(v1, 0.1);
            String id = "MinAtar/" + name + (v1 ? "-v1" : "-v0");
            EnvironmentSpec spec = game.spec();
            assertEquals(id, spec.id());
            assertEquals(List.of(10, 10, channels), spec.observationShape());
            assertEquals(new ActionSpace.Discrete(v1 ? minimal.length : 6), spec.actionSpace());
            assertEquals(MinAtarGame.MAX_EPISODE_STEPS, spec.maxEpisodeSteps());
            assertNull(spec.rewardThreshold());
            assertArrayEquals(v1 ? minimal : new int[] {0, 1, 2, 3, 4, 5}, game.actionSet());
            assertEquals(spec, Environments.spec(id));
            Environment made = Environments.make(id);
            assertEquals(spec, made.spec());
            assertEquals(100 * channels, made.reset(1).length);
        }
        List<String> ids = Environments.ids();
        assertEquals(ids.stream().sorted().toList(), ids);
    }

    @ParameterizedTest
    @MethodSource("games")
    void observationsAreBinaryAndSeedingReproducesEpisodes(String name, int channels, int[] minimal,
                                                           BiFunction<Boolean, Double, MinAtarGame> factory) {
        MinAtarGame a = factory.apply(false, 0.1);
        MinAtarGame b = factory.apply(false, 0.1);
        float[] first = a.reset(7);
        assertArrayEquals(first, b.reset(7));
        SplittableRandom policy = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            int action = policy.nextInt(6);
            Step sa = a.step(action);
            Step sb = b.step(action);
            assertArrayEquals(sa.observation(), sb.observation());
            assertEquals(sa.reward(), sb.reward());
            assertEquals(sa.terminated(), sb.terminated());
            assertEquals(100 * channels, sa.observation().length);
            for (float v : sa.observation()) {
                assertTrue(v == 0f || v == 1f);
            }
            if (sa.terminated()) {
                assertThrows(IllegalStateException.class, () -> a.step(0));
                a.reset();
                b.reset();
            }
        }
        assertThrows(IllegalArgumentException.class, () -> a.step(6));
        assertThrows(IllegalArgumentException.class, () -> factory.apply(true, 0.1).step(minimal.length));
    }

    @ParameterizedTest
    @MethodSource("games")
    void stickyActionsRepeatTheLastActionTenPercentOfTheTime(String name, int channels, int[] minimal,
                                                            BiFunction<Boolean, Double, MinAtarGame> factory) {
        // 40000 Bernoulli(0.1) draws: standard error 0.0015.
        assertEquals(0.1, MinAtarTesting.stickyFraction(factory.apply(false, 0.1), 40_000, 11), 0.008);
        assertEquals(0.1, MinAtarTesting.stickyFraction(factory.apply(true, 0.1), 40_000, 12), 0.008);
        assertEquals(0.0, MinAtarTesting.stickyFraction(factory.apply(false, 0.0), 5_000, 13));
        assertEquals(MinAtarGame.DEFAULT_STICKY_ACTION_PROBABILITY, 0.1);
    }
}

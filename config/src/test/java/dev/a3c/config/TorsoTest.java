package dev.a3c.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TorsoTest {

    @Test
    void theAtariTorsoHasThePapersShapesAndParameters() {
        Torso.Conv atari = Torso.Conv.atari();
        List<Integer> frames = List.of(84, 84, 4);
        // 84 -> (84 - 8) / 4 + 1 = 20 -> (20 - 4) / 2 + 1 = 9
        assertArrayEquals(new int[] {9, 9}, atari.outputGrid(frames));
        // 16*8*8*4 + 16 = 4,112; 32*4*4*16 + 32 = 8,224; 9*9*32*256 + 256 = 663,808
        assertEquals(4_112 + 8_224 + 663_808, atari.parameterCount(frames));
        assertEquals("16x8/4,32x4/2", atari.text());
        assertEquals(32, atari.outputChannels());
    }

    @Test
    void oneConvolutionKeepsTheCanonicalFormOfSavedNetworks() {
        // fingerprints of networks saved before torsos had several convolutions hash this text
        assertEquals("conv(16x3x3/1;128;relu)", Torso.Conv.minAtar().canonical());
        assertEquals("conv(16x8x8/4,32x4x4/2;256;relu)", Torso.Conv.atari().canonical());
        // MinAtar: 16*3*3*4 + 16 = 592; 8*8*16*128 + 128 = 131,200
        assertEquals(592 + 131_200, Torso.Conv.minAtar().parameterCount(List.of(10, 10, 4)));
    }

    @Test
    void layersReadAndWriteTheirTextForm() {
        assertEquals(List.of(new Torso.Conv.Layer(16, 8, 4), new Torso.Conv.Layer(32, 4, 2)),
                Torso.Conv.Layer.parseList(" 16x8/4, 32x4/2 "));
        for (String bad : new String[] {"16x3", "16/1", "x3/1", "16x3/0", "0x3/1", "16x3/1x", "a", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Torso.Conv.Layer.parseList(bad), bad);
        }
    }

    @Test
    void convolutionsThatDoNotFitAreRefused() {
        Torso.Conv atari = Torso.Conv.atari();
        assertThrows(IllegalArgumentException.class, () -> atari.outputGrid(List.of(10, 10, 4)), "the second kernel");
        assertThrows(IllegalArgumentException.class, () -> atari.outputGrid(List.of(7, 84, 4)), "the first kernel");
        assertThrows(IllegalArgumentException.class, () -> Torso.Conv.minAtar().outputGrid(List.of(100)));
    }

    @Test
    void theConvOptionSetsTheLayers() {
        PolicyConfig policy = TrainingConfig.of("MinAtar/Breakout-v1", "--conv 8x3/1,8x3/2").policy();
        assertEquals("8x3/1,8x3/2", policy.conv());
        Torso.Conv torso = (Torso.Conv) TrainingConfig.of("MinAtar/Breakout-v1", "--conv 8x3/1,8x3/2").networkSpec().torso();
        // 10 -> 8 -> (8 - 3) / 2 + 1 = 3
        assertArrayEquals(new int[] {3, 3}, torso.outputGrid(List.of(10, 10, 4)));
        assertEquals(PolicyConfig.DEFAULT_CONV, TrainingConfig.defaults("MinAtar/Breakout-v1").policy().conv());
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.of("MinAtar/Breakout-v1", "--conv 16x3"));
    }
}

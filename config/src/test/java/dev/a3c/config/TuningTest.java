package dev.a3c.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-environment options of {@link Tuning} that cannot be checked without their environment (Atari's bridge). */
class TuningTest {

    @Test
    void atariFramesAreFedAsTheA3cPaperFedThem() {
        for (String id : List.of("gymnasium:ALE/Breakout-v5", "gymnasium:ALE/Pong-v5", "gymnasium:PongNoFrameskip-v4")) {
            String flags = " " + Tuning.forEnvironment(id) + " ";
            // pixels / 255: with [-1, 1] Breakout's black screen is -1 everywhere and a run did not learn in 2.46M steps
            assertTrue(flags.contains(" --normalize-observations ") && flags.contains(" --observation-range unit "), flags);
            assertTrue(flags.contains(" --conv 16x8/4,32x4/2 --hidden 256 "), flags);
            assertTrue(flags.contains(" --reward-clip 1 ") && flags.contains(" --life-loss-terminal "), flags);
        }
        assertTrue(Tuning.forEnvironment("gymnasium:ALE/Breakout-v5").contains("--target-return 60"));
        assertTrue(Tuning.forEnvironment("gymnasium:ALE/Pong-v5").contains("--target-return 18"));
    }
}

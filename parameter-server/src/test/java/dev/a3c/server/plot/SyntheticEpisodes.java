package dev.a3c.server.plot;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** A made-up episodes.csv of a run that learns: returns rise from about 20 to about 480 with noise. */
final class SyntheticEpisodes {

    private SyntheticEpisodes() {}

    static Path write(Path csv, int episodes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        long steps = 0;
        double wall = 0;
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("episode,env_steps,wall_seconds,worker,return,length\n");
            for (int e = 1; e <= episodes; e++) {
                double progress = (double) e / episodes;
                int length = (int) Math.max(8, Math.min(500, 20 + 460 * progress * progress + 40 * random.nextGaussian()));
                steps += length;
                wall += length / 12_000.0;
                out.write(String.format(Locale.ROOT, "%d,%d,%.3f,%d,%s,%d%n", e, steps, wall, 1 + e % 2,
                        (double) length, length));
            }
        }
        return csv;
    }
}

package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.checkpoint.CheckpointState;
import dev.a3c.config.TrainingConfig;
import dev.a3c.env.CartPole;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.Dl4jUpdaters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class PlayCommandTest {

    @Test
    void playsAModelFileAndTheNewestCheckpointOfARunFolder(@TempDir Path dir) throws Exception {
        TrainingConfig config = TrainingConfig.defaults("CartPole-v1");
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), 1, DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()));
        CheckpointState state = new CheckpointState(5, 100, 2, List.of(10.0, 12.0), null, 5, 1.0, config, null);
        Path checkpoint = dir.resolve("run/checkpoints/ckpt-000000000005.zip");
        CheckpointFile.write(checkpoint, network.graph(), new float[network.parameterCount()], state);

        A3cCommandTest.Outcome byModel = A3cCommandTest.run("play", "--model", checkpoint.toString(), "--episodes", "3");
        assertEquals(0, byModel.exitCode(), byModel.err());
        List<String> lines = byModel.out().lines().toList();
        assertEquals(4, lines.size(), byModel.out());
        assertTrue(lines.get(0).startsWith("episode 1: return "));
        JsonNode summary = new ObjectMapper().readTree(lines.get(3));
        assertEquals("CartPole-v1", summary.get("env").asText());
        assertEquals(3, summary.get("episodes").asInt());
        assertTrue(summary.get("mean_return").asDouble() >= 1);

        A3cCommandTest.Outcome byFolder = A3cCommandTest.run("play", "--run-dir", dir.resolve("run").toString(), "--episodes", "3");
        assertEquals(0, byFolder.exitCode(), byFolder.err());
        assertEquals(byModel.out().lines().skip(0).limit(3).toList(), byFolder.out().lines().limit(3).toList(),
                "same model, same seed, same episodes");
        assertEquals("greedy", summary.get("actions").asText());

        A3cCommandTest.Outcome sampled = A3cCommandTest.run("play", "--model", checkpoint.toString(), "--episodes", "3",
                "--actions", "sample");
        assertEquals(0, sampled.exitCode(), sampled.err());
        assertEquals("sample", new ObjectMapper().readTree(sampled.out().lines().toList().get(3)).get("actions").asText());
        A3cCommandTest.Outcome greedyToo = A3cCommandTest.run("play", "--model", checkpoint.toString(), "--episodes", "3",
                "--actions", "greedy");
        assertEquals(byModel.out(), greedyToo.out(), "CartPole's runs evaluate greedily: play's default");
        A3cCommandTest.Outcome bad = A3cCommandTest.run("play", "--model", checkpoint.toString(), "--actions", "best");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--actions must be greedy or sample, got 'best'"), bad.err());
    }

    @Test
    void playsAsTheRunsEvaluationsChoseActionsUnlessToldOtherwise(@TempDir Path dir) throws Exception {
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--eval-actions sample");
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), 1, DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()));
        Path model = dir.resolve("sampled-run.zip");
        CheckpointFile.write(model, network.graph(), new float[network.parameterCount()],
                new CheckpointState(5, 100, 2, List.of(), null, 5, 1.0, config, null));
        A3cCommandTest.Outcome byDefault = A3cCommandTest.run("play", "--model", model.toString(), "--episodes", "3");
        assertEquals(0, byDefault.exitCode(), byDefault.err());
        assertEquals("sample", new ObjectMapper().readTree(byDefault.out().lines().toList().get(3)).get("actions").asText());
        A3cCommandTest.Outcome sampled = A3cCommandTest.run("play", "--model", model.toString(), "--episodes", "3",
                "--actions", "sample");
        assertEquals(byDefault.out(), sampled.out(), "the same episodes, the same sampled actions");
        A3cCommandTest.Outcome greedy = A3cCommandTest.run("play", "--model", model.toString(), "--episodes", "3",
                "--actions", "greedy");
        assertEquals("greedy", new ObjectMapper().readTree(greedy.out().lines().toList().get(3)).get("actions").asText());
    }

    @Test
    void aModelOfARunThatStandardizedObservationsPlaysWithItsMoments(@TempDir Path dir) throws Exception {
        // hidden unit 0 = tanh(cart position); "push right" scores 5 x that unit: the greedy action follows the sign of
        // the position the network sees, which the stored moments decide (the cart starts within 0.05 of the centre)
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--hidden 8 --standardize-observations");
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), 1, DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()));
        network.graph().params().assign(0);
        network.graph().getLayer("hidden0").getParam("W").putScalar(0, 0, 1.0);
        network.graph().getLayer("policy").getParam("W").putScalar(0, 1, 5.0);
        for (int side : new int[] {1, 0}) {
            double mean = side == 1 ? -1 : 1;
            ObservationMoments moments = new ObservationMoments(10, new double[] {mean, 0, 0, 0},
                    new double[] {10, 10, 10, 10});
            Path model = dir.resolve("model-" + side + ".zip");
            CheckpointFile.write(model, network.graph(), new float[network.parameterCount()],
                    new CheckpointState(5, 100, 2, List.of(), null, 5, 1.0, config, moments));
            A3cCommandTest.Outcome played = A3cCommandTest.run("play", "--model", model.toString(), "--episodes", "1",
                    "--seed", "7");
            assertEquals(0, played.exitCode(), played.err());
            assertEquals(String.format("episode 1: return %.2f, length %d", (double) alwaysPushing(side, 7),
                    alwaysPushing(side, 7)), played.out().lines().findFirst().orElseThrow());
        }
        Path without = dir.resolve("no-moments.zip");
        CheckpointFile.write(without, network.graph(), new float[network.parameterCount()],
                new CheckpointState(5, 100, 2, List.of(), null, 5, 1.0, config, null));
        A3cCommandTest.Outcome refused = A3cCommandTest.run("play", "--model", without.toString(), "--episodes", "1");
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("holds no moments"), refused.err());
    }

    /** The length of CartPole's episode from {@code seed} when every action is {@code action}. */
    private static int alwaysPushing(int action, long seed) {
        CartPole reference = new CartPole();
        reference.reset(seed);
        int length = 1;
        while (!reference.step(action).done()) {
            length++;
        }
        return length;
    }

    @Test
    void missingModelsAreOneLineErrors(@TempDir Path dir) {
        A3cCommandTest.Outcome outcome = A3cCommandTest.run("play", "--run-dir", dir.resolve("absent").toString());
        assertEquals(2, outcome.exitCode());
        assertTrue(outcome.err().startsWith("a3c: no run folder"), outcome.err());
        assertFalse(Files.exists(dir.resolve("absent")), "nothing is created");
        assertEquals(2, A3cCommandTest.run("play", "--run-dir", dir.toString()).exitCode());
        assertFalse(Files.exists(dir.resolve("checkpoints")), "nothing is created");
        assertEquals(2, A3cCommandTest.run("play", "--model", dir.resolve("x.zip").toString()).exitCode());
        assertEquals(2, A3cCommandTest.run("play").exitCode(), "one of --run-dir and --model is required");
    }

    @Test
    void drawsTheGreedyPlayAsAnAnimatedGif(@TempDir Path dir) throws Exception {
        TrainingConfig config = TrainingConfig.defaults("CartPole-v1");
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), 1, DataType.FLOAT,
                Dl4jUpdaters.of(config.optimizer()));
        CheckpointState state = new CheckpointState(5, 100, 2, List.of(10.0, 12.0), null, 5, 1.0, config, null);
        Path model = dir.resolve("model.zip");
        CheckpointFile.write(model, network.graph(), new float[network.parameterCount()], state);
        Path gif = dir.resolve("replay.gif");

        A3cCommandTest.Outcome outcome = A3cCommandTest.run("play", "--model", model.toString(), "--episodes", "2",
                "--gif", gif.toString());
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertEquals("", outcome.err(), "no terminal: no progress bars");
        List<String> lines = outcome.out().lines().toList();
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        int lengths = 0;
        for (int e = 0; e < 2; e++) {
            lengths += Integer.parseInt(lines.get(e).replaceAll(".*length ", "")) + 1;
        }
        assertEquals(lengths, summary.get("gif_frames").asInt(), "both episodes, every observation");
        assertEquals(gif.toString(), summary.get("gif").asText());

        javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
        try (var in = javax.imageio.ImageIO.createImageInputStream(gif.toFile())) {
            reader.setInput(in);
            assertEquals(lengths, reader.getNumImages(true));
            java.awt.image.BufferedImage first = reader.read(0);
            assertEquals(600, first.getWidth());
            assertEquals(400, first.getHeight());
            long colours = java.util.Arrays.stream(first.getRGB(0, 0, 600, 400, null, 0, 600)).distinct().count();
            assertTrue(colours >= 3, "the first frame shows the cart and pole: " + colours + " colours");
            boolean moved = false;
            for (int i = 1; i < lengths; i++) {
                moved |= reader.read(i).getWidth() > 1;   // later frames hold only what changed
            }
            assertTrue(moved, "the frames differ");
        } finally {
            reader.dispose();
        }

        A3cCommandTest.Outcome capped = A3cCommandTest.run("play", "--model", model.toString(), "--episodes", "2",
                "--gif", gif.toString(), "--gif-max-frames", "5");
        assertEquals(0, capped.exitCode(), capped.err());
        List<String> cappedLines = capped.out().lines().toList();
        assertEquals(5, new ObjectMapper().readTree(cappedLines.get(cappedLines.size() - 1)).get("gif_frames").asInt());
        assertEquals(2, A3cCommandTest.run("play", "--model", model.toString(), "--gif", gif.toString(),
                "--gif-max-frames", "0").exitCode());

        A3cCommandTest.Outcome every = A3cCommandTest.run("play", "--model", model.toString(), "--episodes", "2",
                "--gif", gif.toString(), "--gif-every", "2");
        assertEquals(0, every.exitCode(), every.err());
        List<String> everyLines = every.out().lines().toList();
        assertEquals((lengths + 1) / 2,
                new ObjectMapper().readTree(everyLines.get(everyLines.size() - 1)).get("gif_frames").asInt(),
                "every second observation, the first included");
    }
}

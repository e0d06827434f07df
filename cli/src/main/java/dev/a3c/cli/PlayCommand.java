package dev.a3c.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.a3c.config.ActionSelection;
import dev.a3c.config.TrainingConfig;
import dev.a3c.env.Environment;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.PolicyEvaluation;
import dev.a3c.render.ReplayRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code a3c play}: the trained policy for a few episodes, choosing actions as its run's evaluations did; optionally an
 * animated GIF of them.
 */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Run a trained policy for N episodes (actions chosen as its run's evaluations chose them, unless "
                + "--actions says otherwise) and report the returns; with --gif, also draw the play as an animated GIF.")
final class PlayCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--run-dir", paramLabel = "DIR", description = "A run folder: plays its best model (the best evaluation's), else its final model, else its newest checkpoint.")
        Path runDir;

        @Option(names = "--model", paramLabel = "FILE", description = "A model file (final-model.zip or a checkpoint).")
        Path model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--episodes", defaultValue = "10", description = "Episodes (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the first episode (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--actions", paramLabel = "greedy|sample",
            description = "greedy: the most probable action (a Gaussian's mean); sample: draw actions from the policy as "
                    + "training does, seeded by --seed (default: as the run's evaluations chose them, its --eval-actions, "
                    + "so the model plays as its run judged it).")
    String actions;

    @Option(names = "--final", description = "With --run-dir: play the final model, not the best one.")
    boolean finalModel;

    @Option(names = "--gif", paramLabel = "FILE",
            description = "Also write the episodes played as an animated GIF, up to --gif-max-frames frames.")
    Path gif;

    @Option(names = "--gif-max-frames", defaultValue = "1000", paramLabel = "N",
            description = "Frames in the GIF at most; the episodes after the limit are played but not drawn "
                    + "(default: ${DEFAULT-VALUE}).")
    int gifMaxFrames;

    @Option(names = "--gif-every", defaultValue = "1", paramLabel = "N",
            description = "Draw every N-th step only, each frame shown N times as long: a smaller GIF at the same "
                    + "speed (default: ${DEFAULT-VALUE}).")
    int gifEvery;

    @Mixin
    EnvServerOption envServer = new EnvServerOption();

    @Override
    public Integer call() throws Exception {
        envServer.apply();
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes must be >= 1, got " + episodes);
        }
        if (gifMaxFrames < 1) {
            throw new IllegalArgumentException("--gif-max-frames must be >= 1, got " + gifMaxFrames);
        }
        if (gifEvery < 1) {
            throw new IllegalArgumentException("--gif-every must be >= 1, got " + gifEvery);
        }
        ActionSelection chosen = actions == null ? null : ActionSelection.parse(actions, "--actions");
        Path file = modelFile();
        TrainedPolicy policy = TrainedPolicy.load(file);
        TrainingConfig config = policy.config();
        ActionSelection mode = chosen != null ? chosen : config.evaluation().actions();
        ActorCriticNetwork network = policy.network();
        Environment env = config.environment().make();
        ReplayRecorder<?> replay = gif == null ? null : ReplayRecorder.of(env, gifMaxFrames, gifEvery);
        PolicyEvaluation.Result result;
        try (Progress progress = Progress.onStandardError("play", episodes)) {
            result = PolicyEvaluation.run(network, policy.standardizer(), env, episodes, seed, mode,
                    new PolicyEvaluation.Listener() {
                        @Override
                        public void observed(float[] observation) {
                            if (replay != null) {
                                replay.capture();
                            }
                        }

                        @Override
                        public void episodeEnded(int episode, double episodeReturn, int length) {
                            progress.stepTo(episode);
                        }
                    });
        }
        for (int e = 0; e < result.returns().size(); e++) {
            System.out.printf("episode %d: return %.2f, length %d%n", e + 1, result.returns().get(e), result.lengths().get(e));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", file.toString());
        summary.put("env", config.environment().id());
        summary.put("episodes", episodes);
        summary.put("actions", mode.name().toLowerCase(Locale.ROOT));
        summary.put("mean_return", result.meanReturn());
        summary.put("min_return", result.minReturn());
        summary.put("max_return", result.maxReturn());
        if (replay != null) {
            try (Progress progress = Progress.onStandardError("gif", replay.frames())) {
                replay.writeGif(gif, progress::stepTo);
            }
            summary.put("gif", gif.toString());
            summary.put("gif_frames", replay.frames());
        }
        System.out.println(new ObjectMapper().writeValueAsString(summary));
        return 0;
    }

    private Path modelFile() {
        if (source.model != null) {
            if (!Files.isRegularFile(source.model)) {
                throw new IllegalArgumentException("no model file " + source.model);
            }
            return source.model;
        }
        if (!Files.isDirectory(source.runDir)) {
            throw new IllegalArgumentException("no run folder " + source.runDir);
        }
        Path best = source.runDir.resolve("best-model.zip");
        if (!finalModel && Files.isRegularFile(best)) {
            return best;
        }
        Path last = source.runDir.resolve("final-model.zip");
        if (Files.isRegularFile(last)) {
            return last;
        }
        if (!Files.isDirectory(source.runDir.resolve("checkpoints"))) {
            throw new IllegalArgumentException("no final-model.zip and no checkpoint in " + source.runDir);
        }
        return new dev.a3c.server.run.RunFolder(source.runDir).latestCheckpoint().orElseThrow(() ->
                new IllegalArgumentException("no final-model.zip and no checkpoint in " + source.runDir));
    }
}

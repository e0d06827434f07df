package dev.a3c.cli;

import dev.a3c.config.ActionSelection;
import dev.a3c.env.Environment;
import dev.a3c.network.PolicyEvaluation;
import dev.a3c.render.ReplayRecorder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The replay a training run leaves in its folder: one episode of the delivered model, actions chosen as the run's
 * evaluations chose them
 * ({@code best-model.zip}, the best evaluation's; {@code final-model.zip} when evaluation was off),
 * seeded with the run's seed, drawn as {@code replay.gif}, every second step up to {@link #MAX_FRAMES}
 * frames (the first 2,000 steps of a longer episode).
 */
final class RunReplay {

    static final String FILE = "replay.gif";
    static final int MAX_FRAMES = 1000;
    static final int EVERY = 2;

    /** What was played and drawn. */
    record Written(Path gif, Path model, ActionSelection actions, double episodeReturn, int length, int frames) {}

    private RunReplay() {
    }

    static Written write(Path runDir) throws IOException {
        Path model = deliveredModel(runDir);
        TrainedPolicy policy = TrainedPolicy.load(model);
        Environment env = policy.config().environment().make();
        ReplayRecorder<?> replay = ReplayRecorder.of(env, MAX_FRAMES, EVERY);
        ActionSelection actions = policy.config().evaluation().actions();
        PolicyEvaluation.Result result = PolicyEvaluation.run(policy.network(), policy.standardizer(), env, 1,
                policy.config().schedule().seed(), actions, new PolicyEvaluation.Listener() {
                    @Override
                    public void observed(float[] observation) {
                        replay.capture();
                    }
                });
        Path gif = runDir.resolve(FILE);
        replay.writeGif(gif, frame -> { });
        return new Written(gif, model, actions, result.returns().get(0), result.lengths().get(0), replay.frames());
    }

    /** The model a run delivers: the best evaluated one, or the final one when there is none. */
    static Path deliveredModel(Path runDir) {
        Path best = runDir.resolve("best-model.zip");
        return java.nio.file.Files.isRegularFile(best) ? best : runDir.resolve("final-model.zip");
    }
}

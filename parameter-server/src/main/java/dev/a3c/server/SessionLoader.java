package dev.a3c.server;

import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.checkpoint.CheckpointState;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.learning.optim.Optimizer;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.network.Dl4jUpdaters;
import dev.a3c.server.evaluation.Evaluations;
import dev.a3c.server.run.HistoryReplay;
import dev.a3c.server.run.RunFolder;
import dev.a3c.server.training.EpisodeStatistics;
import dev.a3c.server.training.GlobalModel;
import dev.a3c.server.training.TrainingSession;
import dev.a3c.server.validation.RequestLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the training session a server starts with: a new run, or the newest usable checkpoint of its run folder. */
public final class SessionLoader {

    private static final Logger log = LoggerFactory.getLogger(SessionLoader.class);

    /**
     * Which checkpoint a resume starts from.
     *
     * @param checkpoint the newest valid checkpoint, if any
     * @param rejected the newer ones that were skipped, newest first, each with its problem
     */
    public record ResumePoint(Optional<Path> checkpoint, List<CheckpointFile.Verification> rejected) {}

    private SessionLoader() {}

    /**
     * The session {@code options} ask for: resumed from the newest checkpoint that verifies and loads (older ones
     * are tried when a newer one is damaged), new when the run folder has no checkpoint at all.
     *
     * @throws IllegalArgumentException when resuming and the folder has checkpoints but none can be used
     */
    public static TrainingSession load(ServerOptions options, RunFolder folder, MeterRegistry meters) {
        if (!options.resume()) {
            return create(options.config(), meters, folder);
        }
        List<CheckpointFile.Verification> rejected = new ArrayList<>();
        Optional<Loaded<CheckpointFile.Contents>> newest = newestUsable(folder, rejected, CheckpointFile::read);
        for (CheckpointFile.Verification v : rejected) {
            log.warn("checkpoint {} is not usable ({}); falling back to an older one", v.file(), v.problem());
        }
        if (newest.isPresent()) {
            return resume(newest.get().file(), newest.get().value(), folder, meters);
        }
        if (!rejected.isEmpty()) {
            // a new run here would bury the old one (and its checkpoints would outrank the new ones): refuse
            CheckpointFile.Verification first = rejected.get(0);
            throw new IllegalArgumentException("--resume: none of the " + rejected.size() + " checkpoints in "
                    + folder.checkpoints() + " can be used (newest: " + first.file().getFileName() + ": "
                    + first.problem() + "); nothing was changed. Move them elsewhere to start a new run in this"
                    + " folder, or give another --run-dir");
        }
        log.info("no checkpoint in {}: starting a new run", folder.checkpoints());
        return create(options.config(), meters, folder);
    }

    /** The checkpoint a resume would start from, without loading any network (for tools and tests). */
    public static ResumePoint resumePoint(RunFolder folder) {
        List<CheckpointFile.Verification> rejected = new ArrayList<>();
        Optional<Loaded<Path>> newest = newestUsable(folder, rejected, file -> file);
        return new ResumePoint(newest.map(Loaded::file), List.copyOf(rejected));
    }

    /** A new session of {@code config}, logging finished episodes to the run folder (none when it is null). */
    public static TrainingSession create(TrainingConfig config, MeterRegistry meters, RunFolder folder) {
        return create(config, RequestLimits.of(config), meters, folder == null ? e -> { } : folder::appendEpisode);
    }

    /** A new session with these limits on requests, logging finished episodes to {@code episodeLog}. */
    public static TrainingSession create(TrainingConfig config, RequestLimits limits, MeterRegistry meters,
                                         Consumer<TrainingSession.EpisodeRecord> episodeLog) {
        ActorCriticNetwork network = ActorCriticNetwork.create(config.networkSpec(), config.schedule().seed(),
                DataType.FLOAT, Dl4jUpdaters.of(config.optimizer()), config.policy().initialLogStd());
        Optimizer optimizer = Optimizer.create(config.optimizer().kind(), network.parameterCount(),
                config.optimizer().settings());
        ObservationMoments moments = config.environment().standardizeObservations()
                ? ObservationMoments.empty(config.networkSpec().observationSize()) : null;
        return new TrainingSession(config, limits, new GlobalModel(network, optimizer, 0, moments,
                config.algorithm().wirePrecision()), new EpisodeStatistics(),
                new Evaluations(), 0, 0, meters, Clock.systemUTC(), episodeLog);
    }

    private record Loaded<T>(Path file, T value) {}

    /**
     * The newest checkpoint that verifies and that {@code load} reads, with what it read; every newer one goes to
     * {@code rejected} with its problem.
     */
    private static <T> Optional<Loaded<T>> newestUsable(RunFolder folder, List<CheckpointFile.Verification> rejected,
                                                        Function<Path, T> load) {
        for (Path file : folder.checkpointsNewestFirst()) {
            CheckpointFile.Verification v = CheckpointFile.verify(file);
            if (v.valid()) {
                try {
                    return Optional.of(new Loaded<>(file, load.apply(file)));
                } catch (RuntimeException e) {
                    v = new CheckpointFile.Verification(file, "cannot be loaded: " + e, null);
                }
            }
            rejected.add(v);
        }
        return Optional.empty();
    }

    private static TrainingSession resume(Path file, CheckpointFile.Contents contents, RunFolder folder,
                                          MeterRegistry meters) {
        CheckpointState state = contents.state();
        TrainingConfig config = state.config();
        ActorCriticNetwork network = ActorCriticNetwork.wrap(config.networkSpec(), contents.graph());
        Optimizer optimizer = Optimizer.create(config.optimizer().kind(), network.parameterCount(),
                config.optimizer().settings());
        optimizer.restore(contents.optimizerState(), state.optimizerSteps());
        log.info("resuming from {}: version {}, {} env steps, {} episodes", file.getFileName(),
                state.version(), state.envSteps(), state.episodes());
        TrainingSession session = new TrainingSession(config, RequestLimits.of(config),
                new GlobalModel(network, optimizer, state.version(), state.inputMoments(),
                        config.algorithm().wirePrecision()),
                new EpisodeStatistics(state.episodes(), state.recentReturns(), state.bestAverageReturn()),
                new Evaluations(folder.readEvaluations()), state.envSteps(), state.wallSeconds(), meters,
                Clock.systemUTC(), folder::appendEpisode);
        HistoryReplay.replay(folder, state.envSteps(), session.history());
        Evaluations.pooled(folder.readEvaluations()).forEach(session.history()::evaluation);
        return session;
    }
}

package dev.a3c.server.evaluation;

import dev.a3c.config.EvaluationConfig;
import dev.a3c.config.TrainingConfig;
import dev.a3c.network.ActorCriticNetwork;
import dev.a3c.server.run.Checkpointer;
import dev.a3c.server.run.RunFolder;
import dev.a3c.server.training.TrainingSession;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the global network beside training, on one thread of its own: every interval (of wall
 * time or of updates) it copies the weights of the current version (under the push lock, as a
 * checkpoint does: the copy is all a push waits for), plays the evaluation's episodes outside any
 * lock, appends the result to {@code evaluations.csv}, and writes {@code best-model.zip} when it is
 * the best so far. With {@code --stop-on eval}, an evaluation at the target is played again on other fresh episodes
 * (a second row of the same version) before it may end training. At most one evaluation runs at a time; one that falls due meanwhile is skipped.
 */
public final class EvaluationRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EvaluationRunner.class);

    private final TrainingSession session;
    private final RunFolder folder;
    private final Checkpointer checkpointer;
    private final EvaluationConfig settings;
    private final Evaluator evaluator;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean busy = new AtomicBoolean();
    private long lastVersion = -1;

    public EvaluationRunner(TrainingSession session, RunFolder folder, Checkpointer checkpointer) {
        TrainingConfig config = session.config();
        this.session = session;
        this.folder = folder;
        this.checkpointer = checkpointer;
        this.settings = config.evaluation();
        this.evaluator = new Evaluator(settings, config.environment()::make, config.schedule().seed());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "evaluator");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        Evaluation latest = session.latestEvaluation();
        if (latest != null) {
            lastVersion = latest.version();
        }
    }

    /** Starts evaluating at the configured interval. */
    public void start() {
        if (settings.every().inUpdates()) {
            long every = settings.every().updates();
            session.onUpdate(version -> {
                if (version % every == 0) {
                    submit();
                }
            });
        } else {
            long millis = settings.every().time().toMillis();
            thread.scheduleWithFixedDelay(this::evaluateQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        log.info("evaluating beside training: {}", settings.describe());
    }

    private void submit() {
        if (busy.get()) {
            return;
        }
        try {
            thread.execute(this::evaluateQuietly);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void evaluateQuietly() {
        if (session.isFinished()) {
            return; // the final evaluation is the server's, at the end
        }
        try {
            evaluateNow();
        } catch (RuntimeException e) {
            log.error("evaluation failed", e);
        }
    }

    /**
     * Evaluates the current weights now, on the calling thread, unless their version was evaluated already (again on
     * other fresh episodes when the session asks for a confirmation); writes the rows and, for a new best,
     * {@code best-model.zip}. Returns the evaluation, pooled with its confirmation when it had one.
     */
    public synchronized Optional<Evaluation> evaluateNow() {
        busy.set(true);
        try {
            TrainingSession.CheckpointData data = session.checkpointData();
            long version = data.model().version();
            if (version == lastVersion) {
                return Optional.empty();
            }
            ActorCriticNetwork network = ActorCriticNetwork.wrap(session.config().networkSpec(), data.model().graph());
            long index = session.nextEvaluationIndex();
            Evaluation first = evaluator.evaluate(index, network, data.model().moments(), version, data.envSteps(),
                    data.wallSeconds());
            folder.appendEvaluation(first);
            Evaluation confirmation = null;
            if (session.needsConfirmation(first)) {
                confirmation = evaluator.evaluate(index + 1, network, data.model().moments(), version,
                        data.envSteps(), data.wallSeconds());
                folder.appendEvaluation(confirmation);
            }
            lastVersion = version;
            if (session.recordEvaluation(first, confirmation)) {
                checkpointer.writeModel(folder.bestModel(), data);
            }
            return Optional.of(confirmation == null ? first : Evaluation.pooled(first, confirmation));
        } finally {
            busy.set(false);
        }
    }

    /** Stops evaluating; waits for a running evaluation to end. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(5, TimeUnit.MINUTES)) {
            log.warn("an evaluation did not end within 5 minutes: abandoned");
            thread.shutdownNow();
        }
    }
}

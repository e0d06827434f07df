package dev.a3c.server.run;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.push;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.checkpoint.CheckpointState;
import dev.a3c.config.TrainingConfig;
import dev.a3c.learning.normalization.ObservationMoments;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.training.TrainingSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointerTest {

    @TempDir
    Path dir;

    @Test
    void writesTheSessionAndKeepsTheNewestFew() throws Exception {
        RunFolder folder = new RunFolder(dir);
        TrainingSession session = SessionLoader.create(TestSupport.config(), new SimpleMeterRegistry(), folder);
        Checkpointer checkpointer = new Checkpointer(session, folder, 2);
        int id = TestSupport.join(session, "w", 1, 1, "t");

        for (int seq = 1; seq <= 3; seq++) {
            session.push(push(id, seq, gradient(PARAMETERS, 0.1f), 7, new TrainingSession.EpisodeResult(seq, seq)));
            assertEquals(folder.checkpoint(seq), checkpointer.write());
        }
        assertEquals(List.of(folder.checkpoint(3), folder.checkpoint(2)), folder.checkpointsNewestFirst());

        Path newest = folder.checkpoint(3);
        Files.setLastModifiedTime(newest, FileTime.fromMillis(0));
        assertEquals(newest, checkpointer.write(), "same version: not written again");
        assertEquals(FileTime.fromMillis(0), Files.getLastModifiedTime(newest));

        CheckpointFile.Contents contents = CheckpointFile.read(newest);
        CheckpointState state = contents.state();
        assertEquals(3, state.version());
        assertEquals(21, state.envSteps());
        assertEquals(3, state.episodes());
        assertEquals(List.of(1.0, 2.0, 3.0), state.recentReturns());
        assertEquals(3, state.optimizerSteps());
        assertEquals(session.config(), state.config());
        assertArrayEquals(TestSupport.decode(session.pull(id, TestSupport.key(id), -1).weights()), contents.graph().params().toFloatVector());
        assertEquals(PARAMETERS, contents.optimizerState().length);

        Path finalModel = checkpointer.writeFinal();
        assertEquals(folder.finalModel(), finalModel);
        assertEquals(3, CheckpointFile.readState(finalModel).version());
        assertTrue(folder.checkpointsNewestFirst().stream().noneMatch(p -> p.equals(finalModel)));
        folder.closeLogs();
    }

    @Test
    void aRunThatStandardizesObservationsKeepsItsMomentsAcrossARestart() throws Exception {
        TrainingConfig config = TestSupport.config().with("--standardize-observations");
        RunFolder folder = new RunFolder(dir);
        TrainingSession session = SessionLoader.create(config, new SimpleMeterRegistry(), folder);
        Checkpointer checkpointer = new Checkpointer(session, folder, 2);
        int id = TestSupport.join(session, "w", 1, 1, "t");
        TrainingSession.Push push = push(id, 1, gradient(PARAMETERS, 0.1f), 2);
        session.push(new TrainingSession.Push(push.workerId(), push.key(), push.sequence(), push.baseVersion(),
                push.gradient(), push.envSteps(), push.episodes(),
                new TrainingSession.ReportedMoments(2, new double[] {1, 2, 3, 4}, new double[] {0.5, 0, 2, 8})));
        ObservationMoments moments = new ObservationMoments(2, new double[] {1, 2, 3, 4}, new double[] {0.5, 0, 2, 8});
        Path file = checkpointer.write();
        assertEquals(moments, CheckpointFile.readState(file).observationMoments());
        assertEquals(moments, CheckpointFile.readState(checkpointer.writeFinal()).observationMoments());
        folder.closeLogs();

        RunFolder again = new RunFolder(dir);
        TrainingSession resumed = SessionLoader.load(ServerOptions.builder(config, dir).resume(true)
                .stopGrace(Duration.ofSeconds(1)).keepCheckpoints(2).build(), again, new SimpleMeterRegistry());
        assertEquals(1, resumed.status().version());
        assertEquals(moments, resumed.checkpointData().model().moments());
        int second = TestSupport.join(resumed, "w2", 2, 1, "t");
        assertEquals(moments, resumed.pull(second, TestSupport.key(second), -1).moments(), "workers get them");
        again.closeLogs();
    }
}

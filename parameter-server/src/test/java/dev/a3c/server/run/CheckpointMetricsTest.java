package dev.a3c.server.run;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.infra.metrics.PrometheusScrape;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.training.TrainingSession;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's alert on checkpoints reads: when the server last wrote one (its start until the first), the
 * configured interval, and the writes that succeeded and failed, under their Prometheus names.
 */
class CheckpointMetricsTest {

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private RunFolder folder;

    @AfterEach
    void tearDown() {
        meters.close();
        if (folder != null) {
            folder.closeLogs();
        }
    }

    @Test
    void writesAndFailuresAreCountedAndTheLastWriteIsTimed() throws Exception {
        folder = new RunFolder(dir);
        TrainingSession session = SessionLoader.create(TestSupport.config(), meters, folder);
        double before = System.currentTimeMillis() / 1000.0;
        Checkpointer checkpointer = new Checkpointer(session, folder, 2);
        PrometheusScrape start = PrometheusScrape.parse(meters.scrape());
        double started = start.value("a3c_checkpoint_last_written_timestamp_seconds");
        assertTrue(started >= before - 1 && started <= System.currentTimeMillis() / 1000.0 + 1, "start: " + started);
        assertEquals(TestSupport.config().schedule().checkpointInterval().toSeconds(),
                start.value("a3c_checkpoint_interval_seconds"), 1e-9);
        assertEquals(0, start.value("a3c_checkpoints_written_total"));
        assertEquals(0, start.value("a3c_checkpoint_failures_total"));
        assertEquals(0, start.value("a3c_run_finished"));

        Thread.sleep(20);
        int id = TestSupport.join(session, "w", 1, 1, "t");
        session.push(push(id, 1, gradient(PARAMETERS, 0.1f), 7));
        checkpointer.write();
        PrometheusScrape afterWrite = PrometheusScrape.parse(meters.scrape());
        assertEquals(1, afterWrite.value("a3c_checkpoints_written_total"));
        assertTrue(afterWrite.value("a3c_checkpoint_last_written_timestamp_seconds") > started);

        // the checkpoints folder replaced by a file: the next write fails, is counted, and leaves the time alone
        double lastGood = afterWrite.value("a3c_checkpoint_last_written_timestamp_seconds");
        for (Path file : folder.checkpointsNewestFirst()) {
            Files.delete(file);
        }
        Files.delete(folder.checkpoints());
        Files.writeString(folder.checkpoints(), "not a folder");
        session.push(push(id, 2, gradient(PARAMETERS, 0.1f), 7));
        assertThrows(RuntimeException.class, checkpointer::write);
        PrometheusScrape afterFailure = PrometheusScrape.parse(meters.scrape());
        assertEquals(1, afterFailure.value("a3c_checkpoint_failures_total"));
        assertEquals(1, afterFailure.value("a3c_checkpoints_written_total"));
        assertEquals(lastGood, afterFailure.value("a3c_checkpoint_last_written_timestamp_seconds"), 1e-9);

        session.finish("test");
        assertEquals(1, PrometheusScrape.parse(meters.scrape()).value("a3c_run_finished"));
    }
}

package dev.a3c.server.run;

import static dev.a3c.server.TestSupport.PARAMETERS;
import static dev.a3c.server.TestSupport.gradient;
import static dev.a3c.server.TestSupport.push;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.SessionLoader;
import dev.a3c.server.TestSupport;
import dev.a3c.server.training.TrainingSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Checksummed, atomically written checkpoints; a resume skips corrupt ones and says so. */
class CrashSafeCheckpointTest {

    /** Steps each push reports; checkpoint v holds 7 * v env steps. */
    private static final long STEPS = 7;

    @TempDir
    Path dir;

    private RunFolder folder;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger serverLog = (Logger) LoggerFactory.getLogger(SessionLoader.class);
    private PrometheusMeterRegistry meters;
    /** The session {@link #checkpointsUpTo} wrote from. */
    private TrainingSession written;

    @BeforeEach
    void setUp() {
        folder = new RunFolder(dir);
        logs.start();
        serverLog.addAppender(logs);
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        serverLog.detachAppender(logs);
        logs.stop();
        meters.close();
        folder.closeLogs();
    }

    /** Checkpoints at versions 1..n, one push of {@link #STEPS} steps each. */
    private Checkpointer checkpointsUpTo(int n, int keep) {
        TrainingSession session = SessionLoader.create(TestSupport.config(), new SimpleMeterRegistry(), folder);
        Checkpointer checkpointer = new Checkpointer(session, folder, keep);
        written = session;
        int id = TestSupport.join(session, "w", 1, 1, "t");
        for (int seq = 1; seq <= n; seq++) {
            session.push(push(id, seq, gradient(PARAMETERS, 0.1f), STEPS, new TrainingSession.EpisodeResult(seq, seq)));
            checkpointer.write();
        }
        return checkpointer;
    }

    private TrainingSession resume() {
        return SessionLoader.load(ServerOptions.builder(TestSupport.config(), dir).resume(true).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(5).build(), folder, meters);
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private void assertResumedFrom(long version, TrainingSession session, Path... skipped) {
        assertEquals(version, session.status().version());
        assertEquals(version * STEPS, session.envSteps());
        assertEquals(version, session.status().episodes());
        List<String> warnings = warnings();
        assertEquals(skipped.length, warnings.size(), warnings.toString());
        for (int i = 0; i < skipped.length; i++) {
            assertTrue(warnings.get(i).contains(skipped[i].toString()), warnings.get(i));
            assertTrue(warnings.get(i).contains("falling back"), warnings.get(i));
        }
        SessionLoader.ResumePoint point = SessionLoader.resumePoint(folder);
        assertEquals(folder.checkpoint(version), point.checkpoint().orElseThrow());
        assertEquals(skipped.length, point.rejected().size());
    }

    @Test
    void flippedBytesInTheNewestFallBackToThePreviousOne() throws Exception {
        checkpointsUpTo(3, 5);
        Path newest = folder.checkpoint(3);
        byte[] bytes = Files.readAllBytes(newest);
        // inside the stored data of the largest entry (the parameters), not in a header field such as a
        // timestamp that no reader checks: a file whose contents are intact is a valid checkpoint
        int start = middleOfLargestEntry(newest, bytes);
        for (int i = start; i < start + 8; i++) {
            bytes[i] ^= (byte) 0x5A;
        }
        Files.write(newest, bytes);
        assertResumedFrom(2, resume(), newest);
    }

    /** The offset of the middle of the largest entry's stored (compressed) bytes. */
    private static int middleOfLargestEntry(Path zipFile, byte[] bytes) throws Exception {
        ZipEntry largest;
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            largest = Collections.list(zip.entries()).stream()
                    .max(java.util.Comparator.comparingLong(ZipEntry::getCompressedSize)).orElseThrow();
        }
        byte[] name = largest.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 30 + name.length <= bytes.length; at++) {
            if (buffer.getInt(at) == 0x04034b50 && (buffer.getShort(at + 26) & 0xffff) == name.length
                    && Arrays.equals(bytes, at + 30, at + 30 + name.length, name, 0, name.length)) {
                int data = at + 30 + name.length + (buffer.getShort(at + 28) & 0xffff);
                return Math.toIntExact(data + largest.getCompressedSize() / 2);
            }
        }
        throw new AssertionError("no local header for " + largest.getName());
    }

    @Test
    void aTruncatedNewestFallsBack() throws Exception {
        checkpointsUpTo(3, 5);
        Path newest = folder.checkpoint(3);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));
        assertResumedFrom(2, resume(), newest);
    }

    @Test
    void anEmptyNewestFallsBack() throws Exception {
        checkpointsUpTo(3, 5);
        Path newest = folder.checkpoint(3);
        Files.write(newest, new byte[0]);
        TrainingSession session = resume();
        assertResumedFrom(2, session, newest);
        assertTrue(warnings().get(0).contains("empty file"));
    }

    @Test
    void aNewestWithoutChecksumFallsBack() throws Exception {
        checkpointsUpTo(3, 5);
        Path newest = folder.checkpoint(3);
        Path copy = dir.resolve("copy.zip");
        try (ZipFile zip = new ZipFile(newest.toFile()); OutputStream os = Files.newOutputStream(copy);
             ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!e.getName().equals("a3c-checksum.sha256")) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    try (InputStream in = zip.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(copy, newest, StandardCopyOption.REPLACE_EXISTING);
        // the network itself still loads: only the missing checksum makes it invalid
        assertNotNull(CheckpointFile.read(newest).graph());
        assertResumedFrom(2, resume(), newest);
        assertTrue(warnings().get(0).contains("no checksum"));
    }

    @Test
    void twoCorruptOnesFallBackTwice() throws Exception {
        checkpointsUpTo(3, 5);
        Files.write(folder.checkpoint(3), new byte[0]);
        Files.write(folder.checkpoint(2), new byte[] {1, 2, 3});
        assertResumedFrom(1, resume(), folder.checkpoint(3), folder.checkpoint(2));
    }

    @Test
    void noUsableCheckpointRefusesToStartAndChangesNothing() throws Exception {
        checkpointsUpTo(2, 5);
        Files.write(folder.checkpoint(2), new byte[0]);
        Files.write(folder.checkpoint(1), new byte[] {1});
        List<Path> before = folder.checkpointsNewestFirst();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::resume);
        assertTrue(e.getMessage().contains("none of the 2 checkpoints"), e.getMessage());
        assertTrue(e.getMessage().contains(folder.checkpoint(2).getFileName().toString()), e.getMessage());
        assertEquals(before, folder.checkpointsNewestFirst());
        assertEquals(0, Files.size(folder.checkpoint(2)));
        assertEquals(1, Files.size(folder.checkpoint(1)));
        assertTrue(SessionLoader.resumePoint(folder).checkpoint().isEmpty());
    }

    @Test
    void resumingAFolderWithoutCheckpointsStartsANewRun() {
        TrainingSession session = resume();
        assertEquals(0, session.status().version());
        assertTrue(warnings().isEmpty(), warnings().toString());
    }

    @Test
    void theResumedSessionContinuesFromTheOlderCheckpointsCounters() throws Exception {
        checkpointsUpTo(3, 5);
        Files.write(folder.checkpoint(3), new byte[0]);
        TrainingSession session = resume();
        int id = TestSupport.join(session, "w", 1, 1, "t");
        TrainingSession.PushResult result = session.push(push(id, 1, gradient(PARAMETERS, 0.1f), STEPS));
        assertEquals(3, result.version());
        assertEquals(3 * STEPS, session.envSteps());
        // the next checkpoint replaces the corrupt file of the same version with a valid one
        new Checkpointer(session, folder, 5).write();
        assertTrue(CheckpointFile.verify(folder.checkpoint(3)).valid());
    }

    @Test
    void pruningKeepsTheNewestValidOnes() throws Exception {
        Checkpointer checkpointer = checkpointsUpTo(3, 2);
        assertEquals(List.of(folder.checkpoint(3), folder.checkpoint(2)), folder.checkpointsNewestFirst());
        // corrupt the newest, then a new one arrives: 4 and 2 are the two newest valid ones
        Files.write(folder.checkpoint(3), new byte[] {0});
        int id = TestSupport.join(written, "w2", 2, 1, "t");
        written.push(push(id, 1, gradient(PARAMETERS, 0.1f), STEPS));
        checkpointer.write();
        assertEquals(List.of(folder.checkpoint(4), folder.checkpoint(2)), folder.checkpointsNewestFirst());
    }

    @Test
    void pruningNeverDeletesTheNewestValidOneEvenBehindNewerCorruptFiles() throws Exception {
        Checkpointer checkpointer = checkpointsUpTo(2, 1);
        assertEquals(List.of(folder.checkpoint(2)), folder.checkpointsNewestFirst());
        // a corrupt file newer than anything written (e.g. left by another run) stays, and so does 2
        Files.write(folder.checkpoint(99), new byte[] {0});
        int id = TestSupport.join(written, "w2", 2, 1, "t");
        written.push(push(id, 1, gradient(PARAMETERS, 0.1f), STEPS));
        checkpointer.write();
        assertEquals(List.of(folder.checkpoint(99), folder.checkpoint(3)), folder.checkpointsNewestFirst());
        assertTrue(CheckpointFile.verify(folder.checkpoint(3)).valid());
    }

    @Test
    void staleTemporaryFilesAreRemovedAndWritesLeaveNone() throws Exception {
        Path stale = folder.checkpoints().resolve("ckpt-000000000005.zip.tmp");
        Files.write(stale, new byte[] {1, 2});
        checkpointsUpTo(3, 5);
        assertFalse(Files.exists(stale));
        try (Stream<Path> files = Files.list(folder.checkpoints())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        for (Path p : folder.checkpointsNewestFirst()) {
            assertTrue(CheckpointFile.verify(p).valid(), p.toString());
        }
    }

    @Test
    void aConcurrentReaderNeverSeesAPartialFile() throws Exception {
        TrainingSession session = SessionLoader.create(TestSupport.config(), new SimpleMeterRegistry(), folder);
        Checkpointer checkpointer = new Checkpointer(session, folder, 2);
        int id = TestSupport.join(session, "w", 1, 1, "t");
        Path target = folder.finalModel();
        checkpointer.writeFinal();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch readerStarted = new CountDownLatch(1);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> reads = reader.submit(() -> {
                int n = 0;
                readerStarted.countDown();
                while (writing.get() || n == 0) {
                    CheckpointFile.Verification v = CheckpointFile.verify(target);
                    if (!v.valid()) {
                        throw new AssertionError("reader saw an invalid file: " + v.problem());
                    }
                    n++;
                }
                return n;
            });
            assertTrue(readerStarted.await(10, TimeUnit.SECONDS));
            for (int seq = 1; seq <= 15; seq++) {
                session.push(push(id, seq, gradient(PARAMETERS, 0.1f), STEPS));
                checkpointer.writeFinal();
            }
            writing.set(false);
            assertTrue(reads.get(30, TimeUnit.SECONDS) > 0);
        } finally {
            writing.set(false);
            reader.shutdownNow();
            assertTrue(reader.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(15, CheckpointFile.verify(target).state().version());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void checkpointsAppearEveryNUpdates() throws Exception {
        TrainingSession session;
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(TestSupport.config(), dir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(5).checkpointEveryUpdates(2).build())) {
            session = server.session();
            int id = TestSupport.join(session, "w", 1, 1, "t");
            session.push(push(id, 1, gradient(PARAMETERS, 0.1f), STEPS));
            assertTrue(folder.checkpointsNewestFirst().isEmpty(), "one update: not due yet");
            session.push(push(id, 2, gradient(PARAMETERS, 0.1f), STEPS));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(folder.checkpoint(2)));
            session.push(push(id, 3, gradient(PARAMETERS, 0.1f), STEPS));
            session.push(push(id, 4, gradient(PARAMETERS, 0.1f), STEPS));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(folder.checkpoint(4)));
            assertEquals(List.of(folder.checkpoint(4), folder.checkpoint(2)), folder.checkpointsNewestFirst());
            assertEquals(4 * STEPS, CheckpointFile.verify(folder.checkpoint(4)).state().envSteps());
        }
    }

    @Test
    void optionsRejectANegativeUpdateInterval() {
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.builder(TestSupport.config(), dir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(5).checkpointEveryUpdates(-1).build());
        assertEquals(0, ServerOptions.builder(TestSupport.config(), dir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(5).build().checkpointEveryUpdates());
    }
}

package dev.a3c.infra.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GentleShutdownTest {

    /** A periodic task that writes a file through a channel for a while, as a checkpoint does. */
    private static Runnable writer(Path file, CountDownLatch started, AtomicInteger runs, AtomicReference<Throwable> failure) {
        return () -> {
            runs.incrementAndGet();
            started.countDown();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int i = 0; i < 20; i++) {
                    channel.write(ByteBuffer.wrap(new byte[1024]));
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        };
    }

    @Test
    void theRunningTaskFinishesItsWriteAndPeriodicTasksDoNotRunAgain(@TempDir Path dir) throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        executor.scheduleAtFixedRate(writer(dir.resolve("a"), started, runs, failure), 0, 50, TimeUnit.MILLISECONDS);
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(GentleShutdown.stop(executor, Duration.ofSeconds(5)));
        assertEquals(null, failure.get(), "the write in progress was not interrupted");
        assertEquals(20 * 1024, java.nio.file.Files.size(dir.resolve("a")), "and wrote all of it");
        assertEquals(1, runs.get(), "no run after the stop");
    }

    @Test
    void aTaskThatOutlastsTheGraceIsInterrupted() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
        executor.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertTrue(GentleShutdown.stop(executor, Duration.ofMillis(100)));
        assertTrue(interrupted.get());
        assertTrue(executor.isTerminated());
    }
}

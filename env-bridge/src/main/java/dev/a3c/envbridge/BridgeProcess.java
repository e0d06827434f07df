package dev.a3c.envbridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge process of this JVM's own: {@code python -m a3c_bridge} on a loopback port the system picks, told this
 * JVM's pid so that it stops by itself when this JVM is gone (killed included). Its output goes to a log file whose
 * tail explains a bridge that fails to start or dies.
 */
final class BridgeProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BridgeProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path logFile;
    private final int port;

    private BridgeProcess(Process process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
    }

    static BridgeProcess start(BridgeLocation location) {
        try {
            Path dir = Files.createTempDirectory("a3c-bridge-");
            Path portFile = dir.resolve("port");
            Path logFile = dir.resolve("bridge.log");
            // removed when this JVM exits (deleteOnExit runs in reverse order: the files, then the directory)
            dir.toFile().deleteOnExit();
            portFile.toFile().deleteOnExit();
            logFile.toFile().deleteOnExit();
            ProcessBuilder builder = new ProcessBuilder(List.of(location.python().toString(), "-m", "a3c_bridge",
                    "--host", "127.0.0.1", "--port", "0", "--port-file", portFile.toString(),
                    "--parent-pid", Long.toString(ProcessHandle.current().pid())))
                    .directory(location.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().put("PYTHONPATH", location.home().toString());
            builder.environment().put("PYTHONUNBUFFERED", "1");
            builder.environment().put("OMP_NUM_THREADS", "1");
            Process process = builder.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(portFile)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the environment bridge (" + location.python() + " -m a3c_bridge) "
                            + "exited with status " + process.exitValue() + " before serving: " + tail(logFile));
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the environment bridge did not start within " + START_TIMEOUT
                            + ": " + tail(logFile));
                }
                Thread.sleep(20);
            }
            int port = Integer.parseInt(Files.readString(portFile).strip());
            log.info("environment bridge started: pid {}, 127.0.0.1:{}, log {}", process.pid(), port, logFile);
            return new BridgeProcess(process, logFile, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the environment bridge with " + location.python() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the environment bridge", e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Why the bridge is gone, for an error message: its exit status and the end of its log. */
    String describeEnd() {
        try {
            process.waitFor(1, TimeUnit.SECONDS);   // a bridge that is dying: let it finish, for its status
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String status = process.isAlive() ? "still running" : "exited with status " + process.exitValue();
        return "the environment bridge (pid " + process.pid() + ") " + status + "; its log ends: " + tail(logFile);
    }

    /** Stops the process: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

package dev.a3c.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, one process per call: a page's DOM after its scripts
 * ran, or a screenshot of it. Each call has a timeout; the browser and every process it started are
 * killed when the call returns, whatever happened.
 */
final class HeadlessChromium {

    /** The programs tried, in order (the first found on the PATH is used). */
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Path executable;
    private final Path workDir;
    private final int width;
    private final int height;
    private final Duration virtualTime;
    private final Duration timeout;

    private HeadlessChromium(Path executable, Path workDir, int width, int height, Duration virtualTime,
                             Duration timeout) {
        this.executable = executable;
        this.workDir = workDir;
        this.width = width;
        this.height = height;
        this.virtualTime = virtualTime;
        this.timeout = timeout;
    }

    /** The browser on the PATH, if any. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A browser with a window of {@code width x height} that lets a page run for {@code virtualTime}
     * of virtual time (timers fire, fetches complete) and is killed after {@code timeout}.
     */
    static HeadlessChromium at(Path executable, Path workDir, int width, int height, Duration virtualTime,
                               Duration timeout) {
        return new HeadlessChromium(executable, workDir, width, height, virtualTime, timeout);
    }

    /** The page's DOM, serialised, after its scripts ran for the virtual time. */
    String dumpDom(String url) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "dom-", ".html");
        run(List.of("--dump-dom", url), out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A PNG of the window after the page's scripts ran for the virtual time. */
    Path screenshot(String url, Path png) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), url), Files.createTempFile(workDir, "screenshot-", ".log"));
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
        return png;
    }

    private void run(List<String> arguments, Path stdout) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "profile-");
        Path stderr = Files.createTempFile(workDir, "chromium-", ".err");
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--disable-background-networking", "--disable-component-update", "--mute-audio",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + width + "," + height,
                "--virtual-time-budget=" + virtualTime.toMillis()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("HOME", workDir.toAbsolutePath().toString());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("chromium did not finish within " + timeout + ": " + command);
            }
            if (process.exitValue() != 0) {
                throw new IOException("chromium exited with " + process.exitValue() + ": " + command + "\n"
                        + tail(stderr));
            }
        } finally {
            kill(process);
        }
    }

    /** Kills the browser and every process it started, children first. */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle p : family) {
            p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).join();
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}

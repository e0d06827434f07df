package dev.a3c.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code a3c} command (cli/target/a3c.jar and its lib/, what the image and the launcher run) started as a
 * real process with explicit heap and off-heap limits and one OpenMP thread, its output in a log file.
 */
final class PackagedA3c {

    /** Heap, ND4J off-heap and all native memory of a server JVM. */
    static final List<String> SERVER_MEMORY = List.of("-Xmx512m", "-Dorg.bytedeco.javacpp.maxbytes=512m",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=1200m");
    /** The same for a worker JVM. */
    static final List<String> WORKER_MEMORY = List.of("-Xmx256m", "-Dorg.bytedeco.javacpp.maxbytes=256m",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=768m");

    private PackagedA3c() {}

    /** Starts {@code a3c ARGS} with these JVM memory options, stdout and stderr to {@code log}. */
    static Process start(List<String> memory, List<String> args, Path log) throws IOException {
        return start(List.of(), memory, args, log);
    }

    /**
     * Starts {@code PREFIX java ... a3c ARGS}: the prefix runs the JVM (for example {@code ip netns exec NS}, which
     * becomes the JVM, so that the process handle is the JVM's).
     */
    static Process start(List<String> prefix, List<String> memory, List<String> args, Path log) throws IOException {
        Path cli = Deployment.repositoryRoot().resolve("cli/target");
        if (!Files.isRegularFile(cli.resolve("a3c.jar"))) {
            throw new IllegalStateException("no " + cli.resolve("a3c.jar") + ": the reactor packages cli first");
        }
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(memory);
        command.add("-XX:+UseG1GC");
        command.add("-cp");
        command.add(cli.resolve("a3c.jar") + File.pathSeparator + cli.resolve("lib") + File.separator + "*");
        command.add("dev.a3c.cli.A3cCommand");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("OMP_NUM_THREADS", "1");
        return builder.start();
    }

    /** SIGTERM to all, up to 30 s each to end, then SIGKILL: nothing a test started outlives it. */
    static void stopAll(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The last {@code lines} lines of a log, for a failure message. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }
}

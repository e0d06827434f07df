package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@link A3cCommand#execute}: exit codes and error output for help and bad input, in-process. */
class A3cCommandTest {

    /** Exit code and what the command printed. */
    record Outcome(int exitCode, String out, String err) {}

    static synchronized Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = A3cCommand.execute(args);
            System.out.flush();
            System.err.flush();
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(List.of("train", "--lr", "-1"), "a3c: learning rate must be > 0, got -1.0"),
                Arguments.of(List.of("train", "--optimizer", "sgd"), "Invalid value for option '--optimizer': must be rmsprop or adam, got 'sgd'"),
                Arguments.of(List.of("train", "--env", "Pong-v5"), "a3c: unknown environment 'Pong-v5'; known: [Acrobot-v1, CartPole-v1, "),
                Arguments.of(List.of("train", "--workers", "0"), "a3c: --workers must be >= 1, got 0"),
                Arguments.of(List.of("train", "--resume"), "a3c: --resume needs --run-dir"),
                Arguments.of(List.of("train", "--target-return", "lots"), "Invalid value for option '--target-return': must be a number or 'none', got 'lots'"),
                Arguments.of(List.of("server", "--gamma", "2"), "a3c: gamma must be in [0, 1], got 2.0"),
                Arguments.of(List.of("server", "--env", "Pong-v5"), "a3c: unknown environment 'Pong-v5'"),
                Arguments.of(List.of("server", "--port", "70000", "--env", "CartPole-v1", "--run-dir", "%s"),
                        "a3c: ports must be in [0, 65535]"),
                Arguments.of(List.of("server", "--checkpoint-every", "-5", "--port", "0", "--http-port", "0", "--run-dir", "%s"),
                        "a3c: checkpoint every N updates needs N >= 0 (0 = off), got -5"),
                Arguments.of(List.of("worker", "--server", "nohostport"), "a3c: --server must be HOST:PORT, got 'nohostport'"),
                Arguments.of(List.of("worker", "--server", "host:"), "a3c: --server must be HOST:PORT, got 'host:'"),
                Arguments.of(List.of("worker", "--server", "host:http"), "a3c: --server port must be a number, got 'host:http'"),
                Arguments.of(List.of("worker", "--server", "host:0"), "a3c: --server port must be in [1, 65535], got 0"),
                Arguments.of(List.of("worker", "--server", "host:1", "--metrics-port", "70000"),
                        "a3c: --metrics-port must be in [0, 65535] (0: off), got 70000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputExitsWithCode2AndOneLineOfError(List<String> args, String expected, @TempDir Path dir) {
        String[] argv = args.stream().map(a -> a.equals("%s") ? dir.toString() : a).toArray(String[]::new);
        Outcome outcome = run(argv);
        assertEquals(2, outcome.exitCode(), outcome.toString());
        List<String> lines = outcome.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line of error, no stack trace:\n" + outcome.err());
        assertTrue(lines.get(0).startsWith(expected), "'" + lines.get(0) + "' should start with '" + expected + "'");
        assertFalse(outcome.err().contains("Exception"), outcome.err());
        assertFalse(outcome.err().contains("\tat "), outcome.err());
    }

    @Test
    void badInputCreatesNoRunFolder(@TempDir Path dir) {
        Path runDir = dir.resolve("run");
        assertEquals(2, run("train", "--lr", "-1", "--run-dir", runDir.toString()).exitCode());
        assertFalse(Files.exists(runDir), "nothing is started or written for bad input");
    }

    @Test
    void unknownOptionsAndMalformedNumbersAreUsageErrors() {
        for (String[] args : List.of(new String[] {"train", "--bogus"}, new String[] {"train", "--lr", "fast"},
                new String[] {"worker"}, new String[] {"launch"})) {
            Outcome outcome = run(args);
            assertEquals(2, outcome.exitCode(), String.join(" ", args) + ": " + outcome);
            assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
            assertTrue(outcome.err().lines().findFirst().orElse("").length() > 0, "the first line says what is wrong");
        }
    }

    @Test
    void helpExitsWith0() {
        Outcome top = run("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("Usage: a3c"), top.out());
        for (String sub : List.of("train", "server", "worker")) {
            assertTrue(top.out().contains(sub), "lists " + sub);
            Outcome help = run(sub, "--help");
            assertEquals(0, help.exitCode(), sub);
            assertTrue(help.out().contains("Usage: a3c " + sub), help.out());
            assertEquals("", help.err());
        }
        assertEquals(0, run("help", "train").exitCode());
        assertTrue(run("train", "--help").out().contains("--target-return"), "train shares the training options");
        assertTrue(run("server", "--help").out().contains("--max-steps"), "server shares the training options");
    }

    @Test
    void versionExitsWith0() {
        Outcome version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("a3c "), version.out());
    }

    @Test
    void trainDefaultsToOneWorkerPerCore() {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs();
        assertEquals(Runtime.getRuntime().availableProcessors(), command.workers);
    }

    @Test
    void aWorkerWhoseMetricsPortIsTakenSaysSoInOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Outcome outcome = run("worker", "--server", "127.0.0.1:1", "--metrics-bind", "127.0.0.1",
                    "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertEquals(2, outcome.exitCode(), outcome.toString());
            List<String> lines = outcome.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), outcome.err());
            assertTrue(lines.get(0).startsWith("a3c: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()), lines.get(0));
        }
    }

    @Test
    void aWorkerThatCannotReachItsServerGivesUpWithOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Outcome outcome = run("worker", "--server", "127.0.0.1:" + port, "--retry-for", "0.3", "--deadline", "5");
        assertEquals(4, outcome.exitCode(), outcome.err());
        List<String> lines = outcome.err().lines().filter(l -> l.startsWith("a3c worker:")).toList();
        assertEquals(1, lines.size(), outcome.err());
        // a refused connection is UNAVAILABLE; on a very busy machine the call may run out of time first
        assertTrue(lines.get(0).contains("127.0.0.1:" + port)
                && (lines.get(0).contains("UNAVAILABLE") || lines.get(0).contains("DEADLINE_EXCEEDED"))
                && lines.get(0).contains("gave up after retrying"), lines.get(0));
        assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
    }
}

package dev.a3c.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.config.TrainingConfig;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.grpc.ServerSecurity;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security flags of {@code a3c server} and {@code a3c worker}: unreadable tokens and
 * certificates are one-line usage errors (exit 2) before anything starts; a worker's token reaches
 * the server.
 */
class SecurityOptionsTest {

    private static final String UNSET = "A3C_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_');

    @TempDir
    Path dir;

    static Stream<Arguments> badSecurityFlags() {
        List<Arguments> cases = new ArrayList<>();
        for (String role : List.of("server", "worker")) {
            cases.add(Arguments.of(role, List.of("--token-file", "%dir/missing"), "a3c: token file '%dir/missing' does not exist or is not a file"));
            cases.add(Arguments.of(role, List.of("--token-file", "%dir/empty"), "a3c: token file '%dir/empty' holds an empty token"));
            cases.add(Arguments.of(role, List.of("--token-env", UNSET), "a3c: environment variable " + UNSET + " (the token) is not set"));
            cases.add(Arguments.of(role, List.of("--token-file", "%dir/token", "--token-env", "PATH"),
                    "a3c: give the token either in a file or in an environment variable, not both"));
            cases.add(Arguments.of(role, List.of("--tls-cert", "%dir/cert.pem"), "a3c: --tls-cert and --tls-key go together"));
            cases.add(Arguments.of(role, List.of("--tls-key", "%dir/key.pem"), "a3c: --tls-cert and --tls-key go together"));
        }
        cases.add(Arguments.of("server", List.of("--tls-client-ca", "%dir/ca.pem"), "a3c: --tls-client-ca needs --tls-cert and --tls-key"));
        cases.add(Arguments.of("server", List.of("--tls-cert", "%dir/missing.pem", "--tls-key", "%dir/missing-key.pem"),
                "a3c: TLS certificate file '%dir/missing.pem' does not exist or is not readable"));
        cases.add(Arguments.of("server", List.of("--tls-cert", "%dir/token", "--tls-key", "%dir/token"),
                "a3c: File does not contain valid certificates: %dir/token"));
        cases.add(Arguments.of("worker", List.of("--tls-ca", "%dir/missing-ca.pem"),
                "a3c: TLS CA file '%dir/missing-ca.pem' does not exist or is not readable"));
        cases.add(Arguments.of("worker", List.of("--tls-ca", "%dir/token"), "a3c: File does not contain valid certificates: %dir/token"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badSecurityFlags")
    void badSecurityFlagsExitWithCode2AndOneLine(String role, List<String> flags, String expected) throws Exception {
        Files.writeString(dir.resolve("empty"), "\n");
        Files.writeString(dir.resolve("token"), "a-token\n");
        Path runDir = dir.resolve("run");
        List<String> args = new ArrayList<>(role.equals("server")
                ? List.of("server", "--port", "0", "--http-port", "0", "--bind", "127.0.0.1", "--run-dir", runDir.toString())
                : List.of("worker", "--server", "127.0.0.1:1", "--retry-for", "0"));
        flags.forEach(f -> args.add(f.replace("%dir", dir.toString())));

        A3cCommandTest.Outcome outcome = A3cCommandTest.run(args.toArray(String[]::new));

        assertEquals(2, outcome.exitCode(), outcome.toString());
        List<String> lines = outcome.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line of error, no stack trace:\n" + outcome.err());
        String message = expected.replace("%dir", dir.toString());
        assertTrue(lines.get(0).startsWith(message), "'" + lines.get(0) + "' should start with '" + message + "'");
        assertFalse(outcome.err().contains("a-token"), "never the token: " + outcome.err());
        assertFalse(Files.exists(runDir), "nothing is started for bad flags");
    }

    @Test
    void aWorkerWithTheTokenFileTrainsAndOneWithAnotherTokenIsUnauthenticated() throws Exception {
        Path right = Files.writeString(dir.resolve("right"), "  the-right-token\n");
        Path wrong = Files.writeString(dir.resolve("wrong"), "the-wrong-token");
        TrainingConfig config = TrainingConfig.of("CartPole-v1", "--max-steps 100");
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(config, dir.resolve("run")).stopGrace(Duration.ofSeconds(5)).keepCheckpoints(1).maxMessageBytes(16 << 20).security(ServerSecurity.token("the-right-token")).build())) {
            String address = "127.0.0.1:" + server.grpcPort();

            A3cCommandTest.Outcome refused = A3cCommandTest.run("worker", "--server", address, "--token-file", wrong.toString());
            assertEquals(4, refused.exitCode(), refused.toString());
            List<String> lines = refused.err().lines().filter(l -> l.startsWith("a3c worker:")).toList();
            assertEquals(1, lines.size(), refused.err());
            assertTrue(lines.get(0).contains("UNAUTHENTICATED"), lines.get(0));
            assertFalse(refused.err().contains("the-wrong-token") || refused.out().contains("the-wrong-token"));

            A3cCommandTest.Outcome trained = A3cCommandTest.run("worker", "--server", address, "--token-file", right.toString());
            assertEquals(0, trained.exitCode(), trained.toString());
            assertTrue(server.session().status().envSteps() >= 100, "the worker pushed until the budget was spent");
            assertFalse(trained.err().contains("the-right-token") || trained.out().contains("the-right-token"));
        }
    }

    @Test
    void aFailedTlsHandshakeIsExplainedOnTheSameLine() {
        Throwable failed = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new SSLHandshakeException("PKIX path building failed\n\tsecond line")).asRuntimeException();
        assertEquals("; TLS: PKIX path building failed", WorkerCommand.tlsProblem(failed));
        assertEquals("", WorkerCommand.tlsProblem(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()));
    }
}

package dev.a3c.worker.client;

import static dev.a3c.worker.SecureServers.activeWorkers;
import static dev.a3c.worker.SecureServers.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.server.ParameterServer;
import dev.a3c.server.grpc.ServerSecurity;
import dev.a3c.worker.SecureServers;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChannelSecurity}: the shared token against a real server, and the settings' own checks. */
class ChannelSecurityTest {

    private static final String TOKEN = "worker-token-0123456789";

    @TempDir
    Path dir;
    private SecureServers servers;

    @BeforeEach
    void servers() {
        servers = new SecureServers(dir);
    }

    @AfterEach
    void close() throws InterruptedException {
        servers.close();
    }

    private static ChannelSecurity plaintextWith(String token) {
        return ChannelSecurity.NONE.withToken(token);
    }

    @Test
    void theRightTokenRegistersAndWorks() throws Exception {
        ParameterServer server = servers.start(ServerSecurity.token(TOKEN));
        ParameterServerClient client = servers.client(server, plaintextWith(TOKEN));
        ParameterServerClient.Registration registration = register(client);
        assertTrue(client.pull(registration.workerId(), -1).weights().remaining() > 0, "every call carries the token");
        client.deregister(registration.workerId());
    }

    @Test
    void withoutTheTokenOrWithAnotherOneTheCallIsUnauthenticated() throws Exception {
        ParameterServer server = servers.start(ServerSecurity.token(TOKEN));
        for (ChannelSecurity security : new ChannelSecurity[] {ChannelSecurity.NONE, plaintextWith(TOKEN + "x"),
                plaintextWith(TOKEN.substring(1)), plaintextWith("x" + TOKEN.substring(1))}) {
            ParameterServerClient client = servers.client(server, security);
            ServerException e = assertThrows(ServerException.class, () -> register(client));
            assertEquals(Status.Code.UNAUTHENTICATED, e.status().getCode(), security.toString());
            assertFalse(String.valueOf(e.status().getDescription()).contains(TOKEN.substring(1)),
                    "the answer does not echo the token: " + e.status());
        }
        assertEquals(0, activeWorkers(server));
    }

    @Test
    void aServerWithoutATokenIgnoresOne() throws Exception {
        ParameterServer server = servers.start(ServerSecurity.NONE);
        register(servers.client(server, plaintextWith(TOKEN)));
        assertEquals(1, activeWorkers(server));
    }

    @Test
    void aCaAClientCertificateOrAServerNameImplyTls() {
        Path file = dir.resolve("x.pem");
        assertFalse(ChannelSecurity.NONE.tls());
        assertTrue(new ChannelSecurity(false, Optional.of(file), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()).tls());
        assertTrue(new ChannelSecurity(false, Optional.empty(), Optional.of(file), Optional.of(file), Optional.empty(),
                Optional.empty()).tls());
        assertTrue(new ChannelSecurity(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("ps"),
                Optional.empty()).tls());
        assertFalse(plaintextWith(TOKEN).tls(), "a token alone does not");
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        Path file = dir.resolve("x.pem");
        assertThrows(IllegalArgumentException.class, () -> new ChannelSecurity(true, Optional.empty(), Optional.of(file),
                Optional.empty(), Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new ChannelSecurity(true, Optional.empty(), Optional.empty(),
                Optional.of(file), Optional.empty(), Optional.empty()));
    }

    @Test
    void missingOrInvalidFilesAreNamedInOneMessage() throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChannelSecurity(true, Optional.of(missing), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()).channelBuilder("127.0.0.1", 1));
        assertEquals("TLS CA file '" + missing + "' does not exist or is not readable", e.getMessage());

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        e = assertThrows(IllegalArgumentException.class,
                () -> new ChannelSecurity(true, Optional.of(garbage), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty()).channelBuilder("127.0.0.1", 1));
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void theTokenIsNeverShown() {
        assertFalse(plaintextWith(TOKEN).toString().contains(TOKEN));
        assertFalse(new BearerToken(TOKEN).toString().contains(TOKEN));
        assertThrows(IllegalArgumentException.class, () -> new BearerToken(""));
    }
}

package dev.a3c.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServerSecurity}'s checks; TLS itself is tested end to end in the worker module (TlsTest). */
class ServerSecurityTest {

    @TempDir
    Path dir;

    private static ServerSecurity tls(Path cert, Path key, Path clientCa) {
        return new ServerSecurity(Optional.empty(), Optional.ofNullable(cert), Optional.ofNullable(key),
                Optional.ofNullable(clientCa));
    }

    @Test
    void aCertificateNeedsItsKeyAndClientCertificatesNeedTls() {
        Path file = dir.resolve("x.pem");
        assertThrows(IllegalArgumentException.class, () -> tls(file, null, null));
        assertThrows(IllegalArgumentException.class, () -> tls(null, file, null));
        assertThrows(IllegalArgumentException.class, () -> tls(null, null, file));
        assertTrue(tls(file, file, file).tls());
        assertFalse(ServerSecurity.NONE.tls());
        assertEquals(Optional.empty(), ServerSecurity.NONE.sslContext());
    }

    @Test
    void describesTheTransportButNeverShowsTheToken() {
        Path file = dir.resolve("x.pem");
        assertEquals("plaintext", ServerSecurity.NONE.describe());
        assertEquals("plaintext, token required", ServerSecurity.token("t0k3n").describe());
        assertEquals("TLS", tls(file, file, null).describe());
        assertEquals("mutual TLS, token required", tls(file, file, file).withToken("t0k3n").describe());
        assertFalse(tls(file, file, file).withToken("t0k3n").toString().contains("t0k3n"));
    }

    @Test
    void aMissingOrInvalidFileIsRefusedBeforeAnythingStarts() throws Exception {
        Path missing = dir.resolve("server.pem");
        Path runDir = dir.resolve("run");
        ServerOptions options = ServerOptions.builder(TestSupport.config(), runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).security(tls(missing, missing, null)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParameterServer.start(options));
        assertEquals("TLS certificate file '" + missing + "' does not exist or is not readable", e.getMessage());
        assertFalse(Files.exists(runDir), "no run folder for bad settings");

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnope\n");
        e = assertThrows(IllegalArgumentException.class, () -> tls(garbage, garbage, null).sslContext());
        assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}

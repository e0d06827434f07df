package dev.a3c.worker.client;

import static dev.a3c.worker.SecureServers.activeWorkers;
import static dev.a3c.worker.SecureServers.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.a3c.server.ParameterServer;
import dev.a3c.server.grpc.ServerSecurity;
import dev.a3c.worker.SecureServers;
import dev.a3c.worker.TestPki;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS between {@link ChannelSecurity} channels and a real parameter server on
 * loopback: the right credentials register, wrong or missing ones are refused before any call
 * reaches the server.
 */
class TlsTest {

    @TempDir
    static Path pkiDir;
    @TempDir
    Path dir;

    private static TestPki.Authority serverCa;
    private static TestPki.Authority clientCa;
    private static TestPki.Authority otherCa;
    private static TestPki.Pem serverCertificate;
    private static TestPki.Pem clientCertificate;
    private static TestPki.Pem otherClientCertificate;

    private SecureServers servers;

    @BeforeAll
    static void issueCertificates() throws Exception {
        serverCa = TestPki.authority("Server CA", pkiDir);
        clientCa = TestPki.authority("Client CA", pkiDir);
        otherCa = TestPki.authority("Other CA", pkiDir);
        serverCertificate = serverCa.server("parameter server");
        clientCertificate = clientCa.client("worker");
        otherClientCertificate = otherCa.client("stranger");
    }

    @AfterEach
    void closeServers() throws InterruptedException {
        if (servers != null) {
            servers.close();
        }
    }

    private ParameterServer start(ServerSecurity security) throws Exception {
        if (servers == null) {
            servers = new SecureServers(dir);
        }
        return servers.start(security);
    }

    private static ServerSecurity tls(TestPki.Pem certificate) {
        return new ServerSecurity(Optional.empty(), Optional.of(certificate.certificate()),
                Optional.of(certificate.privateKey()), Optional.empty());
    }

    private static ServerSecurity mutualTls() {
        return new ServerSecurity(Optional.empty(), Optional.of(serverCertificate.certificate()),
                Optional.of(serverCertificate.privateKey()), Optional.of(clientCa.certificate));
    }

    private static ChannelSecurity trusting(TestPki.Authority ca) {
        return new ChannelSecurity(true, Optional.of(ca.certificate), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    private static ChannelSecurity trustingWithCertificate(TestPki.Authority ca, TestPki.Pem client) {
        return new ChannelSecurity(true, Optional.of(ca.certificate), Optional.of(client.certificate()),
                Optional.of(client.privateKey()), Optional.empty(), Optional.empty());
    }

    private ServerException assertRefused(ParameterServer server, ChannelSecurity client) {
        ServerException e = assertThrows(ServerException.class,
                () -> register(servers.client(server, client)));
        assertEquals(Status.Code.UNAVAILABLE, e.status().getCode(), e.status().toString());
        assertEquals(0, activeWorkers(server), "the call never reached the server");
        return e;
    }

    /** Refused by the TLS handshake: the client distrusts the server, or the server the client. */
    private void assertHandshakeFails(ParameterServer server, ChannelSecurity client) {
        ServerException e = assertRefused(server, client);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return;
            }
        }
        fail("not a failed TLS handshake: " + e.status());
    }

    @Test
    void aClientTrustingTheServersCaRegisters() throws Exception {
        ParameterServer server = start(tls(serverCertificate));
        ParameterServerClient.Registration registration = register(servers.client(server, trusting(serverCa)));
        assertEquals(0, registration.rank());
        assertEquals(1, activeWorkers(server));
    }

    @Test
    void aPlaintextClientIsRefused() throws Exception {
        ParameterServer server = start(tls(serverCertificate));
        assertRefused(server, ChannelSecurity.NONE);
    }

    @Test
    void aClientTrustingAnotherCaIsRefused() throws Exception {
        ParameterServer server = start(tls(serverCertificate));
        assertHandshakeFails(server, trusting(otherCa));
    }

    @Test
    void theSystemTrustStoreDoesNotTrustATestCa() throws Exception {
        ParameterServer server = start(tls(serverCertificate));
        assertHandshakeFails(server, new ChannelSecurity(true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    @Test
    void theExpectedServerNameCanBeOverridden() throws Exception {
        TestPki.Pem named = serverCa.server("named server", List.of("ps.a3c.test"), List.of());
        ParameterServer server = start(tls(named));
        assertHandshakeFails(server, trusting(serverCa));
        ChannelSecurity overridden = new ChannelSecurity(false, Optional.of(serverCa.certificate), Optional.empty(),
                Optional.empty(), Optional.of("ps.a3c.test"), Optional.empty());
        register(servers.client(server, overridden));
        assertEquals(1, activeWorkers(server));
    }

    @Test
    void mutualTlsAcceptsAClientCertificateSignedByTheClientCa() throws Exception {
        ParameterServer server = start(mutualTls());
        register(servers.client(server, trustingWithCertificate(serverCa, clientCertificate)));
        assertEquals(1, activeWorkers(server));
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        ParameterServer server = start(mutualTls());
        assertHandshakeFails(server, trusting(serverCa));
    }

    @Test
    void mutualTlsRefusesAClientCertificateFromAnotherCa() throws Exception {
        ParameterServer server = start(mutualTls());
        assertHandshakeFails(server, trustingWithCertificate(serverCa, otherClientCertificate));
    }

    @Test
    void mutualTlsAndATokenTogether() throws Exception {
        ParameterServer server = start(mutualTls().withToken("tls-and-token"));
        ChannelSecurity client = trustingWithCertificate(serverCa, clientCertificate);
        ServerException e = assertThrows(ServerException.class, () -> register(servers.client(server, client)));
        assertEquals(Status.Code.UNAUTHENTICATED, e.status().getCode());
        register(servers.client(server, client.withToken("tls-and-token")));
        assertEquals(1, activeWorkers(server));
    }
}

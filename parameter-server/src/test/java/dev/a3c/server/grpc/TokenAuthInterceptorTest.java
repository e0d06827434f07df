package dev.a3c.server.grpc;

import static dev.a3c.server.TestSupport.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.TestSupport;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real parameter server on loopback that requires a token: calls with {@code authorization:
 * Bearer <token>} go through, any other call is refused with UNAUTHENTICATED, counted, and neither
 * the answer nor the log shows the token.
 */
class TokenAuthInterceptorTest {

    private static final String TOKEN = "Zm9vYmFy-the-shared-token";
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dir;
    private ParameterServer server;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() throws Exception {
        log.start();
        root.addAppender(log);
        server = ParameterServer.start(ServerOptions.builder(TestSupport.config(), dir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(16 << 20).security(ServerSecurity.token(TOKEN)).build());
    }

    @AfterEach
    void stop() throws InterruptedException {
        try {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            server.close();
        } finally {
            root.detachAppender(log);
        }
    }

    /** A stub whose calls carry this authorization header, or none when null. */
    private ParameterServerGrpc.ParameterServerBlockingStub stub(String authorization) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        channels.add(channel);
        ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        if (authorization == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, authorization);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private double unauthenticated() {
        Counter counter = server.session().meters().find("a3c.requests.rejected").tag("reason", "unauthenticated")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertUnauthenticated(String authorization) {
        double before = unauthenticated();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> register(stub(authorization), "h"));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), e.getStatus().toString());
        assertFalse(e.getStatus().toString().contains(TOKEN), "the answer does not echo the token");
        assertFalse(e.getStatus().toString().contains(TOKEN.substring(1)), "nor a near miss");
        assertEquals(before + 1, unauthenticated(), "each rejection is counted");
    }

    @Test
    void theRightTokenGoesThrough() {
        int id = register(stub("Bearer " + TOKEN), "h").getWorkerId();
        assertTrue(TestSupport.pull(stub("bearer " + TOKEN), id, -1).hasWeights(), "the scheme is case-insensitive");
        assertEquals(1, server.session().status().activeWorkers());
        assertEquals(0, unauthenticated());
    }

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertUnauthenticated(null);
        assertEquals(0, server.session().status().activeWorkers(), "the call never reached the session");
    }

    @Test
    void aCallWithAWrongTokenIsUnauthenticated() {
        assertUnauthenticated("Bearer " + TOKEN.substring(1));
        assertUnauthenticated("Bearer " + TOKEN + "x");
        assertUnauthenticated("Bearer x" + TOKEN.substring(1));
        assertUnauthenticated("Bearer ");
        assertUnauthenticated("Basic " + TOKEN);
        assertUnauthenticated(TOKEN);
        assertEquals(6, unauthenticated());
        assertEquals(0, server.session().status().activeWorkers());
    }

    @Test
    void theRejectionsShowInTheMetricsAndTheTokenInNoLog() throws Exception {
        assertUnauthenticated("Bearer wrong");
        register(stub("Bearer " + TOKEN), "h");
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("a3c_requests_rejected_total{reason=\"unauthenticated\"} 1.0"), metrics);
        assertFalse(log.list.isEmpty(), "the server logged something");
        for (ILoggingEvent event : log.list) {
            assertFalse(event.getFormattedMessage().contains(TOKEN), event.getFormattedMessage());
        }
        assertFalse(ServerOptions.builder(TestSupport.config(), dir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(1).security(ServerSecurity.token(TOKEN)).build().toString().contains(TOKEN));
    }

    @Test
    void anEmptyTokenIsNotAToken() {
        assertThrows(IllegalArgumentException.class, () -> new TokenAuthInterceptor("", server.session().meters()));
        assertThrows(IllegalArgumentException.class, () -> ServerSecurity.token(""));
    }
}

package dev.a3c.server.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.a3c.proto.DeregisterRequest;
import dev.a3c.proto.ParameterServerGrpc;
import dev.a3c.proto.RegisterRequest;
import dev.a3c.proto.RegisterResponse;
import dev.a3c.server.ParameterServer;
import dev.a3c.server.ServerOptions;
import dev.a3c.server.TestSupport;
import dev.a3c.server.dashboard.Dashboard;
import dev.a3c.server.validation.Rejections;
import dev.a3c.server.validation.RequestLimits;
import dev.a3c.wire.Refusal;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of registrations with the largest fields the server admits, and churn far beyond the
 * registry's cap (fill it, leave, fill it, expire, fill it), against a real server: the registry
 * stays within its bounds, the heap does not grow with the number of registrations, and
 * {@code /status}, the dashboard's data and the gRPC health service answer throughout.
 */
@Tag("integration")
class RegistrationFloodTest {

    private static final int MAX = RequestLimits.DEFAULT_MAX_WORKERS;
    private static final int KEPT = RequestLimits.DEFAULT_MAX_WORKERS + RequestLimits.DEFAULT_MAX_INACTIVE_WORKERS;

    private static final RegisterRequest LARGEST = RegisterRequest.newBuilder()
            .setHost("h".repeat(RequestLimits.MAX_HOST_LENGTH))
            .setPid(RequestLimits.MAX_PID)
            .setCores(RequestLimits.MAX_CORES)
            .setProgramVersion("v".repeat(RequestLimits.MAX_PROGRAM_VERSION_LENGTH))
            .build();

    @Test
    void registrationsBeyondTheCapAreRefusedAndMemoryStaysBounded(@TempDir Path runDir) throws Exception {
        try (ParameterServer server = ParameterServer.start(ServerOptions.builder(TestSupport.config(), runDir).stopGrace(Duration.ofSeconds(1)).keepCheckpoints(1).maxMessageBytes(4 << 20).lease(Duration.ofSeconds(10)).build())) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicInteger statusAnswers = new AtomicInteger();
            AtomicReference<String> statusFailure = new AtomicReference<>();
            Thread poller = new Thread(() -> poll(server.httpPort(), channel, polling, statusAnswers, statusFailure),
                    "status-poller");
            poller.start();
            try {
                ParameterServerGrpc.ParameterServerBlockingStub stub = ParameterServerGrpc.newBlockingStub(channel);
                List<RegisterResponse> active = fill(server, stub);
                long heapAfterFirstFill = usedHeapAfterGc();
                int registrations = active.size();

                for (int round = 0; round < 10; round++) {
                    for (RegisterResponse r : active) {
                        try {
                            stub.withDeadlineAfter(10, TimeUnit.SECONDS).deregister(DeregisterRequest.newBuilder()
                                    .setWorkerId(r.getWorkerId()).setWorkerKey(r.getWorkerKey()).build());
                        } catch (io.grpc.StatusRuntimeException e) {
                            // on a loaded machine a fill can outlast the 10 s lease: the first of its workers expired
                            assertEquals(io.grpc.Status.Code.NOT_FOUND, e.getStatus().getCode(), e.toString());
                        }
                    }
                    assertBounded(server);
                    active = fill(server, stub);
                    registrations += active.size();
                }
                // silent workers expire after the lease and free their places
                await().atMost(Duration.ofSeconds(40)).until(() -> server.session().status().activeWorkers() == 0);
                assertBounded(server);
                registrations += fill(server, stub).size();

                long growth = usedHeapAfterGc() - heapAfterFirstFill;
                System.out.printf("%,d registrations; heap growth after the first fill %,d bytes; /status answered %d times%n",
                        registrations, growth, statusAnswers.get());
                assertTrue(registrations > 10 * MAX, "churn far beyond the cap: " + registrations);
                assertTrue(growth < 32L << 20, "the heap does not grow with registrations: " + growth + " bytes");
                double refused = server.session().meters().get(Rejections.METER).tag("reason", Refusal.TOO_MANY_WORKERS.tag())
                        .counter().count();
                assertEquals(12.0, refused, "one refusal per fill");
            } finally {
                polling.set(false);
                poller.join(10_000);
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertEquals(null, statusFailure.get(), "/status, the dashboard and the health service answered throughout");
            assertTrue(statusAnswers.get() > 0);
        }
    }

    /** Registers until the server refuses: that happens at the cap, with RESOURCE_EXHAUSTED. */
    private static List<RegisterResponse> fill(ParameterServer server, ParameterServerGrpc.ParameterServerBlockingStub stub) {
        List<RegisterResponse> registered = new ArrayList<>();
        while (true) {
            try {
                registered.add(stub.withDeadlineAfter(10, TimeUnit.SECONDS).register(LARGEST));
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
                assertTrue(server.session().status().activeWorkers() <= MAX);
                assertBounded(server);
                return registered;
            }
            assertTrue(registered.size() <= 2 * MAX, "the cap holds");
        }
    }

    private static void assertBounded(ParameterServer server) {
        int kept = server.session().status().workers().size();
        assertTrue(kept <= KEPT, kept + " workers kept, more than " + KEPT);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static void poll(int httpPort, ManagedChannel channel, AtomicBoolean polling, AtomicInteger answers,
                             AtomicReference<String> failure) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<HttpRequest> pages = List.of("/status", Dashboard.API).stream()
                .map(path -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(10)).build())
                .toList();
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        while (polling.get()) {
            try {
                for (HttpRequest page : pages) {
                    HttpResponse<String> response = http.send(page, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200 || !response.body().contains("workers")) {
                        failure.compareAndSet(null, page.uri() + ": status " + response.statusCode());
                    }
                }
                HealthCheckResponse.ServingStatus serving = health.withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.newBuilder().setService(ParameterServerGrpc.SERVICE_NAME).build())
                        .getStatus();
                if (serving != HealthCheckResponse.ServingStatus.SERVING) {
                    failure.compareAndSet(null, "health: " + serving);
                }
                answers.incrementAndGet();
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failure.compareAndSet(null, e.toString());
            }
        }
    }
}

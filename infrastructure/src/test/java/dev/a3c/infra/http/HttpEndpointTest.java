package dev.a3c.infra.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndpointTest {

    private final AtomicInteger calls = new AtomicInteger();
    private HttpEndpoint endpoint;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpEndpoint.start("127.0.0.1", 0, Map.of(
                "/hello", () -> HttpEndpoint.Response.text("text/plain; charset=utf-8",
                        "hello " + calls.incrementAndGet() + " ü\n"),
                "/json", () -> HttpEndpoint.Response.text("application/json", "{\"ok\":true}"),
                "/broken", () -> {
                    throw new IllegalStateException("boom");
                }));
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("x")
                        : HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void servesRoutesWithTheirContentType() throws Exception {
        assertTrue(endpoint.port() > 0);
        HttpResponse<String> hello = send("GET", "/hello");
        assertEquals(200, hello.statusCode());
        assertEquals("text/plain; charset=utf-8", hello.headers().firstValue("content-type").orElseThrow());
        assertEquals("hello 1 ü\n", hello.body());
        assertEquals(String.valueOf("hello 1 ü\n".getBytes(StandardCharsets.UTF_8).length),
                hello.headers().firstValue("content-length").orElseThrow());

        HttpResponse<String> json = send("GET", "/json?pretty=1");
        assertEquals(200, json.statusCode());
        assertEquals("application/json", json.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"ok\":true}", json.body());

        assertEquals("hello 2 ü\n", send("GET", "/hello").body(), "each request calls the route again");
    }

    @Test
    void unknownPathIs404() throws Exception {
        HttpResponse<String> response = send("GET", "/nothing-here");
        assertEquals(404, response.statusCode());
        assertEquals("not found: /nothing-here\n", response.body());
        assertEquals(404, send("GET", "/").statusCode());
        assertEquals(404, send("GET", "/hello/").statusCode());
    }

    @Test
    void otherMethodsThanGetAre405() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            HttpResponse<String> response = send(method, "/hello");
            assertEquals(405, response.statusCode(), method);
            assertEquals("method not allowed\n", response.body());
        }
        assertEquals(0, calls.get(), "the route was never called");
    }

    @Test
    void failingRouteIs500() throws Exception {
        HttpResponse<String> response = send("GET", "/broken");
        assertEquals(500, response.statusCode());
        assertEquals("internal error\n", response.body());
        assertEquals(200, send("GET", "/json").statusCode(), "the endpoint keeps serving");
    }

    @Test
    void headAnswersHeadersWithoutBody() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("HEAD /json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            assertTrue(response.toLowerCase().contains("content-type: application/json\r\n"), response);
            assertTrue(response.toLowerCase().contains("content-length: 11\r\n"), response);
            assertTrue(response.endsWith("\r\n\r\n"), "no body: " + response);
        }
    }
}

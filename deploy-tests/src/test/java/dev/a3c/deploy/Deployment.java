package dev.a3c.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the deployment tests share: the repository, the image, container JVM limits, free ports, HTTP. */
final class Deployment {

    /** The image every deployment artifact names. */
    static final String IMAGE = "a3c:0.1.0";

    /** Heap and off-heap limits of every JVM a test container runs. */
    static final String CONTAINER_JAVA_OPTS =
            "-Xmx256m -Dorg.bytedeco.javacpp.maxbytes=256m -Dorg.bytedeco.javacpp.maxphysicalbytes=768m";

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Deployment() {}

    /** The repository's top folder (the tests run in deploy-tests/). */
    static Path repositoryRoot() {
        Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        if (!Files.isRegularFile(root.resolve("Dockerfile"))) {
            throw new IllegalStateException("no Dockerfile in " + root + ": run the tests from deploy-tests/");
        }
        return root;
    }

    /** The JRE image to build on: $A3C_TEST_BASE_IMAGE, else the Dockerfile's public default. */
    static String baseImage() {
        String image = System.getenv("A3C_TEST_BASE_IMAGE");
        return image == null || image.isBlank() ? "eclipse-temurin:17-jre" : image;
    }

    /** A TCP port free on loopback right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET http://127.0.0.1:port/path; the body of a 200 answer, else an IOException. */
    static String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The server's /status, or null while it does not answer. */
    static JsonNode status(int httpPort) {
        try {
            return JSON.readTree(get(httpPort, "/status"));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The value of the first sample of {@code metric} in a Prometheus text exposition, whatever its
     * labels; empty when there is none.
     */
    static OptionalDouble sample(String exposition, String metric) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(?:\\{[^}]*\\})? (\\S+)").matcher(exposition);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    /**
     * The value of {@code variable} after sourcing the POSIX sh snippet {@code snippet} (one the launchers source) in an
     * environment changed by {@code environment} (a null value removes a variable).
     */
    static String afterSourcing(Path snippet, String variable, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", ". \"$0\"; printf '%s' \"${" + variable + ":-}\"",
                snippet.toString());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("sourcing " + snippet + " did not finish");
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, p.exitValue(), out);
        return out;
    }
}

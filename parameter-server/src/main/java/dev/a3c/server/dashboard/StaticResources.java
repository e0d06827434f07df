package dev.a3c.server.dashboard;

import dev.a3c.infra.http.HttpEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Files from the classpath served as HTTP routes. Only files named when the routes are built are
 * served (a request path is looked up, never resolved into a file name), so no request can reach
 * another resource; names with {@code ..}, empty segments or backslashes are refused even there.
 * Each file is read once, at start-up, and its content type follows from its extension.
 */
final class StaticResources {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8");

    private StaticResources() {}

    /** The route serving classpath resource {@code name}; fails at once if it is missing or of an unknown type. */
    static Supplier<HttpEndpoint.Response> route(String name) {
        HttpEndpoint.Response response = new HttpEndpoint.Response(200, contentType(name), read(name));
        return () -> response;
    }

    /** The content type for a file name, by its extension. */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : CONTENT_TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("no content type known for " + name);
        }
        return type;
    }

    /** Checks that {@code name} is a plain relative resource path: no {@code ..} or {@code .} segment, no empty one. */
    static String checkName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("\\")
                || name.contains("//")) {
            throw new IllegalArgumentException("not a plain resource path: " + name);
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("not a plain resource path: " + name);
            }
        }
        return name;
    }

    static byte[] read(String name) {
        checkName(name);
        try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }
}

package dev.a3c.server.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.a3c.config.Json;
import dev.a3c.infra.http.HttpEndpoint;
import dev.a3c.server.training.TrainingSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The live dashboard's HTTP routes: the page at {@code /} and {@code /dashboard}, its script, style
 * and charting library (Chart.js, from its WebJar) under {@code /dashboard/}, and the data it polls
 * at {@code /api/dashboard} ({@link DashboardView} as JSON). Everything comes from the classpath, so
 * the page works without internet access.
 */
public final class Dashboard {

    /** The path of the JSON document the page polls. */
    public static final String API = "/api/dashboard";

    private static final String CHART_JS_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final ObjectMapper JSON = Json.mapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Dashboard() {}

    /** The dashboard's routes for {@code session}. */
    public static Map<String, Supplier<HttpEndpoint.Response>> routes(TrainingSession session, Clock clock) {
        Supplier<HttpEndpoint.Response> page = StaticResources.route("dashboard/index.html");
        Map<String, Supplier<HttpEndpoint.Response>> routes = new LinkedHashMap<>();
        routes.put("/", page);
        routes.put("/dashboard", page);
        routes.put("/dashboard/dashboard.js", StaticResources.route("dashboard/dashboard.js"));
        routes.put("/dashboard/dashboard.css", StaticResources.route("dashboard/dashboard.css"));
        routes.put("/dashboard/chart.umd.min.js", StaticResources.route(chartJs("dist/chart.umd.min.js")));
        routes.put(API, () -> new HttpEndpoint.Response(200, "application/json",
                json(DashboardView.of(session, clock.instant()))));
        return routes;
    }

    /** {@code others} and the dashboard's routes together; a path in both is an error. */
    public static Map<String, Supplier<HttpEndpoint.Response>> withRoutes(
            TrainingSession session, Map<String, Supplier<HttpEndpoint.Response>> others) {
        Map<String, Supplier<HttpEndpoint.Response>> all = new LinkedHashMap<>(others);
        routes(session, Clock.systemUTC()).forEach((path, route) -> {
            if (all.putIfAbsent(path, route) != null) {
                throw new IllegalArgumentException("two routes for " + path);
            }
        });
        return all;
    }

    /** The classpath name of a file of the Chart.js WebJar, whatever its version. */
    static String chartJs(String file) {
        Properties properties = new Properties();
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(CHART_JS_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("the Chart.js WebJar is not on the classpath (" + CHART_JS_PROPERTIES + ")");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/chart.js/" + properties.getProperty("version") + "/" + file;
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.a3c.server.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.a3c.infra.http.HttpEndpoint;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StaticResourcesTest {

    @Test
    void contentTypesFollowTheExtension() {
        assertEquals("text/html; charset=utf-8", StaticResources.contentType("dashboard/index.html"));
        assertEquals("text/javascript; charset=utf-8", StaticResources.contentType("a/b.min.js"));
        assertEquals("text/css; charset=utf-8", StaticResources.contentType("x.CSS"));
        assertEquals("application/json", StaticResources.contentType("x.json"));
        assertEquals("image/svg+xml", StaticResources.contentType("x.svg"));
        assertEquals("image/png", StaticResources.contentType("x.png"));
        assertThrows(IllegalArgumentException.class, () -> StaticResources.contentType("x.class"));
        assertThrows(IllegalArgumentException.class, () -> StaticResources.contentType("Makefile"));
    }

    @Test
    void onlyPlainRelativeNamesAreServed() {
        for (String bad : new String[] {"", "/dashboard/index.html", "../pom.xml", "dashboard/../../x.js",
                "dashboard/./index.html", "dashboard//index.html", "dashboard\\index.html", "dashboard/", ".."}) {
            assertThrows(IllegalArgumentException.class, () -> StaticResources.checkName(bad), bad);
        }
        assertEquals("dashboard/index.html", StaticResources.checkName("dashboard/index.html"));
        assertEquals("a/..b/c..d.js", StaticResources.checkName("a/..b/c..d.js"), "dots inside a name are fine");
    }

    @Test
    void aRouteServesTheResourcesBytesWithItsTypeAndAMissingOneFailsAtOnce() throws Exception {
        HttpEndpoint.Response response = StaticResources.route("dashboard/dashboard.css").get();
        assertEquals(200, response.status());
        assertEquals("text/css; charset=utf-8", response.contentType());
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("dashboard/dashboard.css")) {
            assertArrayEquals(in.readAllBytes(), response.body());
        }
        assertThrows(IllegalStateException.class, () -> StaticResources.route("dashboard/missing.js"));
        assertThrows(IllegalArgumentException.class, () -> StaticResources.route("dashboard/../logback-test.xml"));
    }
}

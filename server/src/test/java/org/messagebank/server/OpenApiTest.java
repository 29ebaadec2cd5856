package org.messagebank.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document served at /api/openapi.json describes every JSON route the server has, and no other. */
class OpenApiTest {
    @Test
    void describesEveryApiRouteAndNoOther(@TempDir Path dir) throws Exception {
        try (var page = new PageFixture(dir, Clock.systemUTC(), true)) {
            check(page.base, page.node);
        }
    }

    private static void check(String base, Node node) throws Exception {
        var response = ServerTestSupport.get(base + "/api/openapi.json");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        JsonNode doc = ApiClient.JSON.readTree(response.body());
        assertTrue(doc.get("openapi").asText().startsWith("3."), "an OpenAPI 3 document");

        var documented = new TreeSet<String>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            documented.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            assertTrue(operation.getValue().has("responses") && operation.getValue().has("summary"),
                    path.getKey() + " " + operation.getKey() + " needs a summary and responses");
        }));
        var served = new TreeSet<String>();
        node.httpRoutes().stream()
                .filter(route -> route.contains(" /api/v1/") || route.contains(" /webhooks/"))
                .forEach(served::add);

        var undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        var unserved = new TreeSet<>(documented);
        unserved.removeAll(served);
        assertTrue(undocumented.isEmpty(), "served but not in web/openapi.json: " + undocumented);
        assertTrue(unserved.isEmpty(), "in web/openapi.json but not served: " + unserved);
    }
}

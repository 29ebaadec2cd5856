package org.messagebank.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls the JSON API over real HTTP, as a browser or a script would. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    ApiClient(String base) {
        this.base = base;
    }

    /** A signed-in browser: its session cookie and CSRF token. */
    record Browser(String cookie, String csrf) {
    }

    HttpResponse<String> send(String method, String path, String body, Browser browser, Map<String, String> headers)
            throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (browser != null) {
            builder.header("Cookie", browser.cookie());
        }
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, Browser browser) throws Exception {
        return send("GET", path, null, browser, Map.of());
    }

    /** A state-changing call with the browser's CSRF token and a JSON body (may be null). */
    HttpResponse<String> call(String method, String path, Object body, Browser browser) throws Exception {
        return send(method, path, body == null ? "" : JSON.writeValueAsString(body), browser,
                Map.of("X-CSRF-Token", browser.csrf(), "Content-Type", "application/json"));
    }

    HttpResponse<String> signInRaw(String username, String password) throws Exception {
        return send("POST", "/api/v1/session", JSON.writeValueAsString(Map.of("username", username, "password", password)), null,
                Map.of("Content-Type", "application/json"));
    }

    Browser signIn(String username, String password) throws Exception {
        var response = signInRaw(username, password);
        assertEquals(200, response.statusCode(), response.body());
        String setCookie = response.headers().firstValue("set-cookie").orElseThrow();
        return new Browser(setCookie.substring(0, setCookie.indexOf(';')), JSON.readTree(response.body()).get("csrfToken").asText());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}

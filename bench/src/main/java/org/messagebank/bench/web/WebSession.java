package org.messagebank.bench.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A signed-in browser session against the JSON API: the session cookie and the CSRF token, sent
 * as a browser sends them (the cookie on every request; the token and the site's own
 * {@code Origin} on state-changing ones).
 */
final class WebSession {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String base;
    private final String cookie;
    private final String csrf;

    private WebSession(HttpClient http, String base, String cookie, String csrf) {
        this.http = http;
        this.base = base;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** Signs in with {@code POST /api/v1/session}; fails unless the answer is 200. */
    static WebSession signIn(HttpClient http, String base, String username, String password)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/session")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username, "password", password))))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("sign-in answered " + response.statusCode());
        }
        String setCookie = response.headers().firstValue("set-cookie").orElseThrow(() -> new IOException("no session cookie"));
        return new WebSession(http, base, setCookie.substring(0, setCookie.indexOf(';')),
                JSON.readTree(response.body()).get("csrfToken").asText());
    }

    String base() {
        return base;
    }

    String cookie() {
        return cookie;
    }

    /** {@code GET base + pathAndQuery}, the body read as text. */
    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT).header("Cookie", cookie).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A state-changing request with a JSON body; returns the status code. */
    int send(String method, String path, Object body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Origin", base)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}

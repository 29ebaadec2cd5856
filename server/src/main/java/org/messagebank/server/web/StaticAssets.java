package org.messagebank.server.web;

import org.messagebank.server.http.HttpException;
import org.messagebank.server.http.HttpServer;
import org.messagebank.server.http.Request;
import org.messagebank.server.http.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pages and their assets, served from the jar ({@code web/} on the class path). Pages are
 * revalidated on every visit; assets are cached for an hour. Nothing is loaded from elsewhere.
 */
public final class StaticAssets {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public void mount(HttpServer http) {
        http.route("GET", "/", r -> page("index.html"))
                .route("GET", "/portal", r -> page("portal.html"))
                .route("GET", "/console", r -> page("console.html"))
                .route("GET", "/wallboard", r -> page("wallboard.html"))
                .route("GET", "/privacy", r -> page("privacy.html"))
                .route("GET", "/admin", r -> page("admin.html"))
                .route("GET", "/set-password", r -> page("set-password.html"))
                .route("GET", "/assets/{file}", this::asset)
                .route("GET", "/api/openapi.json", r -> new Response(200, "application/json", load("openapi.json"))
                        .withHeader("Cache-Control", "no-cache"));
    }

    private Response page(String name) {
        return new Response(200, TYPES.get("html"), load(name)).withHeader("Cache-Control", "no-cache");
    }

    private Response asset(Request request) {
        String file = request.pathParam("file");
        int dot = file.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(file.substring(dot + 1));
        if (type == null || !file.matches("[a-z0-9-]+\\.[a-z]+")) {
            throw HttpException.notFound("no asset " + file);
        }
        return new Response(200, type, load("assets/" + file)).withHeader("Cache-Control", "public, max-age=3600");
    }

    private byte[] load(String name) {
        return cache.computeIfAbsent(name, n -> {
            try (InputStream in = StaticAssets.class.getResourceAsStream("/web/" + n)) {
                if (in == null) {
                    throw HttpException.notFound("nothing at /" + n);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}

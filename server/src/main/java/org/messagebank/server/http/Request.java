package org.messagebank.server.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as routes see it, free of any server library's types.
 *
 * @param headers       header names in lower case
 * @param pathParams    values of the route template's {@code {name}} segments
 * @param cookies       cookie values by name
 * @param remoteAddress the peer's IP address
 */
public record Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body,
                      Map<String, String> pathParams, Map<String, String> cookies, String remoteAddress) {

    public Request(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
        this(method, path, query, headers, body, Map.of(), Map.of(), "");
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The first value of a query parameter, if present and not blank. */
    public Optional<String> param(String name) {
        var values = query.get(name);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the method changes state (and so needs CSRF protection). */
    public boolean stateChanging() {
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    Request withPathParams(Map<String, String> params) {
        return new Request(method, path, query, headers, body, params, cookies, remoteAddress);
    }
}

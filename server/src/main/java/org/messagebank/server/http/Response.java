package org.messagebank.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An HTTP response as routes produce it; {@code headers} may repeat a name (Set-Cookie). */
public record Response(int status, String contentType, byte[] body, List<Map.Entry<String, String>> headers) {

    public Response {
        headers = List.copyOf(headers);
    }

    public Response(int status, String contentType, byte[] body) {
        this(status, contentType, body, List.of());
    }

    public static Response text(int status, String body) {
        return new Response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response json(int status, String body) {
        return new Response(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A body serialised to JSON with Jackson. */
    public static Response json(int status, Object body) {
        return json(status, JsonText.write(body));
    }

    public static Response empty(int status) {
        return new Response(status, "text/plain; charset=utf-8", new byte[0]);
    }

    /** RFC 9457 problem details. */
    public static Response problem(int status, String title, String detail) {
        return problem(status, title, detail, Map.of());
    }

    /** RFC 9457 problem details with extension members. */
    public static Response problem(int status, String title, String detail, Map<String, Object> extensions) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return new Response(status, "application/problem+json", JsonText.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public Response withHeader(String name, String value) {
        var more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new Response(status, contentType, body, more);
    }
}

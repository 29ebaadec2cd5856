package org.messagebank.server.http;

import java.nio.charset.StandardCharsets;

/** An HTTP response as routes produce it. */
public record Response(int status, String contentType, byte[] body) {

    public static Response text(int status, String body) {
        return new Response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response json(int status, String body) {
        return new Response(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 9457 problem details. */
    public static Response problem(int status, String title, String detail) {
        String body = "{\"type\":\"about:blank\",\"title\":" + JsonText.quote(title) + ",\"status\":" + status
                + ",\"detail\":" + JsonText.quote(detail) + "}";
        return new Response(status, "application/problem+json", body.getBytes(StandardCharsets.UTF_8));
    }
}

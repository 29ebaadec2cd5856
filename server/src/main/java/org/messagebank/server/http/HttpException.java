package org.messagebank.server.http;

import java.util.Map;

/** Ends a request with a given status and problem detail. */
public final class HttpException extends RuntimeException {
    private final int status;
    private final String title;
    private final Map<String, Object> extensions;

    public HttpException(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    /** With RFC 9457 extension members, such as the problems of each form field. */
    public HttpException(int status, String title, String detail, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
    }

    public static HttpException notFound(String detail) {
        return new HttpException(404, "Not Found", detail);
    }

    public Response response() {
        return Response.problem(status, title, getMessage(), extensions);
    }
}

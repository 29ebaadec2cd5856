package org.messagebank.server.http;

/** Ends a request with a given status and problem detail. */
public final class HttpException extends RuntimeException {
    private final int status;
    private final String title;

    public HttpException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static HttpException notFound(String detail) {
        return new HttpException(404, "Not Found", detail);
    }

    public Response response() {
        return Response.problem(status, title, getMessage());
    }
}

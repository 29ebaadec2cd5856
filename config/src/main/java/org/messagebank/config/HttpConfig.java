package org.messagebank.config;

/**
 * The HTTP server.
 *
 * @param host address to listen on ({@code http.host})
 * @param port port to listen on, 0 for any free port ({@code http.port})
 */
public record HttpConfig(String host, int port) {
}

package org.messagebank.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The HTTP server.
 *
 * @param host address to listen on ({@code http.host})
 * @param port port to listen on, 0 for any free port ({@code http.port})
 * @param tls  HTTPS, when {@code http.tls-certificate} and {@code http.tls-key} are set
 */
public record HttpConfig(String host, int port, Optional<Tls> tls) {

    /** Plain HTTP. */
    public HttpConfig(String host, int port) {
        this(host, port, Optional.empty());
    }

    /**
     * @param certificate the certificate chain, PEM
     * @param key         its private key, PEM (PKCS#8)
     */
    public record Tls(Path certificate, Path key) {
    }
}

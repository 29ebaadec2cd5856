package org.messagebank.config;

/**
 * The FastAGI server that Asterisk calls.
 *
 * @param host address to listen on ({@code agi.host})
 * @param port port to listen on, 0 for any free port ({@code agi.port})
 */
public record AgiConfig(String host, int port) {
}

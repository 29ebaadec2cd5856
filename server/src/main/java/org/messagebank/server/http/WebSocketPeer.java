package org.messagebank.server.http;

/** The far end of an open WebSocket connection. Safe to use from any thread. */
public interface WebSocketPeer {

    /** Sends one text frame; does nothing once the connection is closed. */
    void send(String text);

    /** Closes with a status code (RFC 6455, e.g. 1008 for a policy violation) and a short reason. */
    void close(int status, String reason);

    boolean isOpen();
}

package org.messagebank.server.http;

/**
 * A WebSocket path. The upgrade request is decided on a virtual thread (it may read the
 * database): throw {@link HttpException} to refuse it with that status, or return the listener
 * of the new connection. Frames are text; the server pings idle connections and closes those
 * whose peer stops answering.
 */
@FunctionalInterface
public interface WebSocketEndpoint {

    Listener accept(Request upgrade) throws HttpException;

    /** What happens on one accepted connection. Called on the connection's event loop: do not block. */
    interface Listener {
        /** The handshake is done; {@code peer} may be sent to from any thread from now on. */
        void opened(WebSocketPeer peer);

        default void text(WebSocketPeer peer, String text) {
        }

        void closed(WebSocketPeer peer);
    }
}

package org.messagebank.server.http;

/** Handles one method and path. Runs on a virtual thread, so it may block. */
@FunctionalInterface
public interface Route {
    Response handle(Request request) throws Exception;
}

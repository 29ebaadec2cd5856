package org.messagebank.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.messagebank.server.ApiClient.Browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An operator console's WebSocket as the browser keeps it: every message received, in order. */
final class Console implements WebSocket.Listener {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    /** Messages received while waiting for another type, in the order they came. */
    private final java.util.ArrayDeque<JsonNode> skipped = new java.util.ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                received.add(ApiClient.JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    /**
     * The oldest message of this type not yet taken. Messages of other types received meanwhile
     * are kept for their own calls: pops and states travel separately (on a cluster, on different
     * topics), so a state may arrive before the pop that preceded it on the node of the call.
     */
    JsonNode next(String type) throws InterruptedException {
        for (var it = skipped.iterator(); it.hasNext(); ) {
            var message = it.next();
            if (message.get("type").asText().equals(type)) {
                it.remove();
                return message;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var message = received.poll(100, TimeUnit.MILLISECONDS);
            if (message == null) {
                continue;
            }
            if (message.get("type").asText().equals(type)) {
                return message;
            }
            skipped.add(message);
        }
        throw new AssertionError("no '" + type + "' message within " + WAIT);
    }

    /** The state, once a state message says {@code state}. */
    JsonNode nextState(String state) throws InterruptedException {
        while (true) {
            var message = next("state").get("state");
            if (message.get("state").asText().equals(state)) {
                return message;
            }
        }
    }

    void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    /** Opens the console of the signed-in operator on the node at {@code base}. */
    static Console connect(String base, Browser browser) {
        var console = new Console();
        console.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", browser.cookie())
                .header("Origin", base)
                .buildAsync(URI.create(base.replace("http:", "ws:") + "/api/v1/operator/events"), console)
                .join();
        return console;
    }
}

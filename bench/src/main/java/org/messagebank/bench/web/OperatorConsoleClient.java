package org.messagebank.bench.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One operator's console as the browser runs it: the live feed over WebSocket, and the JSON API.
 * It notes when each pop arrives (the moment its last frame is read, before any parsing), and when
 * a call ends (state {@code WRAP_UP}) it saves the call's message, as an operator would, which
 * makes the operator available again (once per call: the state may be sent again).
 *
 * <p>When the server closes the connection it reconnects as the console page does: after 1 s,
 * doubling up to 10 s while attempts fail. Optionally (a diagnostic: a browser's script cannot do
 * this) it sends a WebSocket ping every 20 s, which the server answers and counts as traffic from
 * the console.
 */
final class OperatorConsoleClient implements WebSocket.Listener {

    /** What all consoles did, for the report. */
    static final class Counts {
        final AtomicInteger pops = new AtomicInteger();
        final AtomicInteger saved = new AtomicInteger();
        final AtomicInteger saveFailed = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger unreadable = new AtomicInteger();
        final AtomicInteger reconnects = new AtomicInteger();
    }

    private final WebSession session;
    private final PopLatencies latencies;
    private final Counts counts;
    private final ExecutorService saving;
    private final StringBuilder partial = new StringBuilder();
    private final Map<Long, Integer> scriptVersionByCall = new ConcurrentHashMap<>();
    private final Set<Long> wrappedUp = ConcurrentHashMap.newKeySet();
    private final boolean keepAlivePings;
    private volatile HttpClient http;
    private volatile WebSocket socket;
    private volatile boolean leaving;

    OperatorConsoleClient(WebSession session, PopLatencies latencies, Counts counts, ExecutorService saving,
                          boolean keepAlivePings) {
        this.session = session;
        this.keepAlivePings = keepAlivePings;
        this.latencies = latencies;
        this.counts = counts;
        this.saving = saving;
    }

    /** Opens the live feed with the session cookie and the site's own Origin, as the console page does. */
    void connect(HttpClient http) {
        this.http = http;
        socket = http.newWebSocketBuilder()
                .header("Cookie", session.cookie())
                .header("Origin", session.base())
                .buildAsync(URI.create(session.base().replace("http:", "ws:") + "/api/v1/operator/events"), this)
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
        if (keepAlivePings) {
            var opened = socket;
            Thread.ofVirtual().name("console-ping").start(() -> pingEvery20Seconds(opened));
        }
    }

    private void pingEvery20Seconds(WebSocket opened) {
        try {
            while (!leaving && !opened.isOutputClosed()) {
                Thread.sleep(20_000);
                opened.sendPing(ByteBuffer.allocate(0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reconnects as the console page does: after 1 s, then doubling up to 10 s while it fails. */
    private void reconnect() {
        long delay = 1_000;
        while (!leaving) {
            try {
                Thread.sleep(delay);
                if (leaving) {
                    return;
                }
                connect(http);
                counts.reconnects.incrementAndGet();
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                delay = Math.min(delay * 2, 10_000);
            }
        }
    }

    /** {@code PUT /api/v1/operator/state} AVAILABLE. */
    void goAvailable() throws IOException, InterruptedException {
        int status = session.send("PUT", "/api/v1/operator/state", Map.of("state", "AVAILABLE"));
        if (status != 200) {
            throw new IOException("going available answered " + status);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            long arrived = System.nanoTime();
            String text = partial.toString();
            partial.setLength(0);
            try {
                received(WebSession.json(text), arrived);
            } catch (IOException | RuntimeException e) {
                counts.unreadable.incrementAndGet();
            }
        }
        webSocket.request(1);
        return null;
    }

    private void received(JsonNode message, long arrived) {
        switch (message.path("type").asText()) {
            case "pop" -> {
                var pop = message.get("pop");
                counts.pops.incrementAndGet();
                latencies.popped(pop.path("callerNumber").asText(null), arrived);
                scriptVersionByCall.put(pop.get("callId").asLong(), pop.at("/script/version").asInt());
            }
            case "state" -> {
                var state = message.get("state");
                if (state.path("state").asText().equals("WRAP_UP") && state.hasNonNull("callId")) {
                    long callId = state.get("callId").asLong();
                    if (wrappedUp.add(callId)) {
                        saving.submit(() -> save(callId));
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Saves the call's message as the operator would after the call: {@code POST .../calls/{id}/message}. */
    private void save(long callId) {
        Integer version = scriptVersionByCall.remove(callId);
        var fields = new LinkedHashMap<String, String>();
        fields.put("caller_name", "Bench Caller");
        fields.put("callback", "07700 900000");
        fields.put("reason", "Benchmark call, please ring back");
        fields.put("urgency", "normal");
        try {
            int status = session.send("POST", "/api/v1/operator/calls/" + callId + "/message",
                    Map.of("scriptVersion", version == null ? 1 : version, "fields", fields));
            (status == 201 ? counts.saved : counts.saveFailed).incrementAndGet();
        } catch (IOException e) {
            counts.saveFailed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!leaving) {
            counts.closed.incrementAndGet();
            Thread.ofVirtual().name("console-reconnect").start(this::reconnect);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!leaving) {
            counts.closed.incrementAndGet();
            Thread.ofVirtual().name("console-reconnect").start(this::reconnect);
        }
    }

    void close() {
        leaving = true;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}

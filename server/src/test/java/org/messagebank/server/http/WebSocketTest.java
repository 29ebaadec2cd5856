package org.messagebank.server.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket side of the HTTP server: refusals, pushes to a silent browser, and peers that stop answering pings. */
class WebSocketTest {
    private static final Duration PING = Duration.ofMillis(300);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        server = new HttpServer().webSocketPing(PING)
                .webSocket("/ticks", upgrade -> {
                    if (upgrade.header("x-let-me-in").isEmpty()) {
                        throw new HttpException(403, "Forbidden", "not you");
                    }
                    return new WebSocketEndpoint.Listener() {
                        @Override
                        public void opened(WebSocketPeer peer) {
                            ticker.scheduleAtFixedRate(() -> peer.send("tick"), 0, 50, TimeUnit.MILLISECONDS);
                        }

                        @Override
                        public void closed(WebSocketPeer peer) {
                        }
                    };
                });
        base = "ws://127.0.0.1:" + server.start("127.0.0.1", 0).getPort();
    }

    @AfterEach
    void stop() {
        ticker.shutdownNow();
        server.close();
    }

    @Test
    void anEndpointsRefusalIsTheUpgradesAnswer() {
        var failure = assertThrows(CompletionException.class, () -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(base + "/ticks"), new WebSocket.Listener() { }).join());
        assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, failure.getCause()).getResponse().statusCode());
    }

    @Test
    void aBrowserThatOnlyListensStaysConnectedWhileItAnswersPings() throws Exception {
        var ticks = new AtomicInteger();
        var closed = new CompletableFuture<Integer>();
        var socket = HttpClient.newHttpClient().newWebSocketBuilder().header("x-let-me-in", "yes")
                .buildAsync(URI.create(base + "/ticks"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        ticks.incrementAndGet();
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).join();

        Thread.sleep(PING.multipliedBy(5).toMillis());

        assertFalse(closed.isDone(), "closed although the client answered every ping");
        assertFalse(socket.isInputClosed());
        assertTrue(ticks.get() > 0);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void aPeerThatNeverAnswersIsPingedThenClosed() throws Exception {
        try (var socket = new Socket("127.0.0.1", Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout((int) PING.multipliedBy(10).toMillis());
            socket.getOutputStream().write(("GET /ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nx-let-me-in: yes\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = socket.getInputStream();
            assertTrue(readHead(in).startsWith("HTTP/1.1 101"));

            boolean pinged = false;
            int header;
            while ((header = in.read()) != -1) {
                int opcode = header & 0x0f;
                int length = in.read() & 0x7f;
                in.readNBytes(length);
                pinged |= opcode == 0x9;
            }
            assertTrue(pinged, "a silent peer is pinged before it is closed");
        }
    }

    private static String readHead(InputStream in) throws Exception {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }
}

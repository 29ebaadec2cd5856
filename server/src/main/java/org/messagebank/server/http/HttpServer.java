package org.messagebank.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP server on Netty. Routes run on virtual threads off the event loop; every response
 * carries the security headers. Netty types stay inside this class.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Largest WebSocket message a browser may send (the console sends only small ones). */
    static final int MAX_WEBSOCKET_MESSAGE = 64 * 1024;
    /**
     * A WebSocket whose peer has sent nothing for this long is pinged (browsers answer pings by
     * themselves); one whose peer stays silent for as long again is closed.
     */
    static final Duration WEBSOCKET_PING = Duration.ofSeconds(25);
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-store");

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Map<String, WebSocketEndpoint> webSockets = new LinkedHashMap<>();
    private final List<Template> templates = new ArrayList<>();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Phaser inFlight = new Phaser(1);
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private SslContext tls;
    private Duration webSocketPing = WEBSOCKET_PING;

    /** A path with {@code {name}} segments, such as {@code /api/v1/messages/{id}}. */
    private record Template(String method, String[] segments, Route route) {
        Optional<Map<String, String>> match(String method, String path) {
            if (!this.method.equals(method)) {
                return Optional.empty();
            }
            String[] parts = path.split("/", -1);
            if (parts.length != segments.length) {
                return Optional.empty();
            }
            var params = new LinkedHashMap<String, String>();
            for (int i = 0; i < parts.length; i++) {
                if (segments[i].startsWith("{") && segments[i].endsWith("}")) {
                    if (parts[i].isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(segments[i].substring(1, segments[i].length() - 1), parts[i]);
                } else if (!segments[i].equals(parts[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }
    }

    public HttpServer route(String method, String path, Route route) {
        if (path.contains("{")) {
            templates.add(new Template(method, path.split("/", -1), route));
        } else {
            routes.put(method + " " + path, route);
        }
        return this;
    }

    /**
     * Serves HTTPS with this certificate chain and private key (both PEM; the key PKCS#8 and not
     * encrypted), and sends {@code Strict-Transport-Security}. Call before {@link #start}.
     *
     * @throws IllegalStateException naming the files when they cannot be used
     */
    public HttpServer tls(Path certificate, Path key) {
        try {
            tls = SslContextBuilder.forServer(certificate.toFile(), key.toFile()).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot use the TLS certificate " + certificate + " with the key " + key
                    + ": " + rootMessage(e), e);
        }
        return this;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Every route as {@code METHOD path} (templates with their {@code {name}} segments; WebSockets as GET). */
    public List<String> routes() {
        var all = new ArrayList<>(routes.keySet());
        templates.forEach(t -> all.add(t.method() + " " + String.join("/", t.segments())));
        webSockets.keySet().forEach(path -> all.add("GET " + path));
        return all;
    }

    /** How long a WebSocket peer may stay silent before it is pinged (and closed after as long again). */
    HttpServer webSocketPing(Duration ping) {
        webSocketPing = ping;
        return this;
    }

    /** Takes WebSocket connections on {@code path} (an exact path); the endpoint decides who may connect. */
    public HttpServer webSocket(String path, WebSocketEndpoint endpoint) {
        webSockets.put(path, endpoint);
        return this;
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound address (the real port when 0 was asked for)
     * @throws IllegalStateException naming the address when it cannot be bound
     */
    public InetSocketAddress start(String host, int port) {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        var bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(30, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpContentCompressor())
                                .addLast(new HttpObjectAggregator(MAX_BODY_BYTES, true))
                                .addLast(new Dispatcher());
                    }
                });
        try {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen for HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting connections, then waits up to {@code drain} for requests in progress. */
    public void stop(Duration drain) {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        int phase = inFlight.arrive();
        try {
            inFlight.awaitAdvanceInterruptibly(phase, drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("HTTP requests still running after {} ms; closing anyway", drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        handlers.close();
    }

    private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            if (!msg.decoderResult().isSuccess()) {
                write(ctx, Response.problem(400, "Bad Request", "the request is not valid HTTP"), false);
                return;
            }
            var decoder = new QueryStringDecoder(msg.uri());
            var headers = new LinkedHashMap<String, String>();
            msg.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            byte[] body = new byte[msg.content().readableBytes()];
            msg.content().readBytes(body);
            var cookies = new LinkedHashMap<String, String>();
            String cookieHeader = msg.headers().get(HttpHeaderNames.COOKIE);
            if (cookieHeader != null) {
                ServerCookieDecoder.STRICT.decode(cookieHeader).forEach(c -> cookies.putIfAbsent(c.name(), c.value()));
            }
            String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
            var request = new Request(msg.method().name(), decoder.path(), decoder.parameters(), headers, body, Map.of(),
                    cookies, remote);
            var webSocket = webSockets.get(request.path());
            if (webSocket != null) {
                acceptWebSocket(ctx, msg, request, webSocket);
                return;
            }
            if (inFlight.register() < 0) {
                write(ctx, Response.problem(503, "Service Unavailable", "the server is shutting down"), false);
                return;
            }
            handlers.execute(() -> {
                try {
                    write(ctx, dispatch(request), keepAlive);
                } finally {
                    inFlight.arriveAndDeregister();
                }
            });
        }

        private void acceptWebSocket(ChannelHandlerContext ctx, FullHttpRequest msg, Request request, WebSocketEndpoint endpoint) {
            if (!request.method().equals("GET") || !request.header("upgrade").orElse("").equalsIgnoreCase("websocket")) {
                write(ctx, Response.problem(426, "Upgrade Required", request.path() + " takes WebSocket connections only")
                        .withHeader("Upgrade", "websocket"), false);
                return;
            }
            FullHttpRequest upgrade = msg.retain();
            handlers.execute(() -> {
                WebSocketEndpoint.Listener listener;
                try {
                    listener = endpoint.accept(request);
                } catch (HttpException e) {
                    upgrade.release();
                    write(ctx, e.response(), false);
                    return;
                } catch (RuntimeException e) {
                    upgrade.release();
                    log.error("WebSocket upgrade on {} failed", request.path(), e);
                    write(ctx, Response.problem(500, "Internal Server Error", "the server failed to answer; the error is in its log"), false);
                    return;
                }
                ctx.executor().execute(() -> handshake(ctx, upgrade, request, listener));
            });
        }

        private void handshake(ChannelHandlerContext ctx, FullHttpRequest upgrade, Request request,
                               WebSocketEndpoint.Listener listener) {
            String location = (tls == null ? "ws://" : "wss://") + request.header("host").orElse("localhost") + request.path();
            var handshaker = new WebSocketServerHandshakerFactory(location, null, false, MAX_WEBSOCKET_MESSAGE).newHandshaker(upgrade);
            if (handshaker == null) {
                upgrade.release();
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
                return;
            }
            var pipeline = ctx.pipeline();
            handshaker.handshake(ctx.channel(), upgrade).addListener(done -> {
                upgrade.release();
                if (!done.isSuccess()) {
                    log.debug("WebSocket handshake failed", done.cause());
                    ctx.close();
                    return;
                }
                long ping = webSocketPing.toMillis();
                pipeline.remove(ReadTimeoutHandler.class);
                pipeline.addFirst(new IdleStateHandler(ping, 0, 0, TimeUnit.MILLISECONDS));
                pipeline.remove(this);
                pipeline.addLast(new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
                pipeline.addLast(new Frames(handshaker, listener, new Peer(ctx.channel())));
            });
        }

        private Response dispatch(Request plain) {
            Route route = routes.get(plain.method() + " " + plain.path());
            Request request = plain;
            if (route == null) {
                for (var template : templates) {
                    var params = template.match(plain.method(), plain.path());
                    if (params.isPresent()) {
                        route = template.route();
                        request = plain.withPathParams(params.get());
                        break;
                    }
                }
            }
            if (route == null) {
                boolean otherMethod = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + plain.path()))
                        || templates.stream().anyMatch(t -> t.match(t.method(), plain.path()).isPresent());
                return otherMethod
                        ? Response.problem(405, "Method Not Allowed", plain.method() + " is not allowed on " + plain.path())
                        : Response.problem(404, "Not Found", "nothing at " + plain.path());
            }
            try {
                return route.handle(request);
            } catch (HttpException e) {
                return e.response();
            } catch (BadRequestException e) {
                return Response.problem(400, "Bad Request", e.getMessage());
            } catch (Exception e) {
                log.error("request {} {} failed", request.method(), request.path(), e);
                return Response.problem(500, "Internal Server Error", "the server failed to answer; the error is in its log");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                write(ctx, Response.problem(413, "Content Too Large", "the request body is over " + MAX_BODY_BYTES + " bytes"), false);
                return;
            }
            log.debug("HTTP connection closed after an error", cause);
            ctx.close();
        }

        private void write(ChannelHandlerContext ctx, Response response, boolean keepAlive) {
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
            SECURITY_HEADERS.forEach(out.headers()::set);
            if (tls != null) {
                out.headers().set("Strict-Transport-Security", "max-age=31536000");
            }
            response.headers().forEach(h -> out.headers().remove(h.getKey()));
            response.headers().forEach(h -> out.headers().add(h.getKey(), h.getValue()));
            if (keepAlive) {
                out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(out);
            } else {
                ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    /** A WebSocket connection's frames, after the handshake: text to the listener, pings and closes answered. */
    private static final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final WebSocketServerHandshaker handshaker;
        private final WebSocketEndpoint.Listener listener;
        private final Peer peer;

        Frames(WebSocketServerHandshaker handshaker, WebSocketEndpoint.Listener listener, Peer peer) {
            this.handshaker = handshaker;
            this.listener = listener;
            this.peer = peer;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            listener.opened(peer);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            switch (frame) {
                case TextWebSocketFrame text -> listener.text(peer, text.text());
                case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                case CloseWebSocketFrame close -> handshaker.close(ctx.channel(), close.retain());
                case BinaryWebSocketFrame binary -> peer.close(1003, "only text messages are accepted");
                default -> {
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
                if (idle.isFirst()) {
                    ctx.writeAndFlush(new PingWebSocketFrame());
                } else {
                    ctx.close();
                }
                return;
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            listener.closed(peer);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("WebSocket connection closed after an error", cause);
            ctx.close();
        }
    }

    private record Peer(Channel channel) implements WebSocketPeer {
        @Override
        public void send(String text) {
            if (channel.isActive()) {
                channel.writeAndFlush(new TextWebSocketFrame(text));
            }
        }

        @Override
        public void close(int status, String reason) {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public boolean isOpen() {
            return channel.isActive();
        }
    }
}

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
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
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
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-store");

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final List<Template> templates = new ArrayList<>();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Phaser inFlight = new Phaser(1);
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

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
}

package org.messagebank.telephony.agi;

import org.asteriskjava.fastagi.AgiReader;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.fastagi.internal.FastAgiConnectionHandler;
import org.messagebank.telephony.routing.CallRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FastAGI server Asterisk connects to: one virtual thread per session, each running
 * Asterisk-Java's {@link FastAgiConnectionHandler} (request parsing, AGI commands and replies,
 * {@code AJ_AGISTATUS}) over a {@link BoundedAgiConnection}. A session stays open for the whole
 * call, so tens of thousands can be held at once; above the session limit a connection is still
 * answered, with {@code MB_STATUS=BUSY}, never dropped.
 *
 * <p>A malformed connection (environment too slow, too long a line, closed early) is closed and
 * logged once without any of its content; it touches no other session.
 */
public final class AgiListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgiListener.class);
    /** The connection of the session the current thread serves (each session has its own virtual thread). */
    private static final ThreadLocal<BoundedAgiConnection> CONNECTION = new ThreadLocal<>();

    /**
     * @param maxSessions        sessions held at once before calls are answered BUSY
     * @param environmentTimeout how long the environment may take to arrive
     * @param maxLineLength      longest accepted line
     */
    public record Settings(String host, int port, int maxSessions, Duration environmentTimeout, int maxLineLength) {
    }

    /** Counts since start. */
    public record Stats(long accepted, long busy, long malformed, int active) {
    }

    private final Settings settings;
    private final MappingStrategy scripts;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread acceptor;
    private volatile boolean closing;

    public AgiListener(Settings settings, CallRouter router) {
        this.settings = settings;
        this.scripts = new AgiScripts(router);
    }

    /** Binds and starts accepting; returns the address bound. */
    public InetSocketAddress start() {
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(settings.host(), settings.port()), 4096);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for FastAGI on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        acceptor = Thread.ofPlatform().name("agi-accept").daemon(true).start(this::acceptLoop);
        var address = (InetSocketAddress) server.getLocalSocketAddress();
        log.info("FastAGI listening on {}:{}", address.getHostString(), address.getPort());
        return address;
    }

    public Stats stats() {
        return new Stats(accepted.get(), busy.get(), malformed.get(), active.get());
    }

    private void acceptLoop() {
        var sessions = Thread.ofVirtual().name("agi-", 1);
        while (!closing) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                log.warn("FastAGI accept failed: {}", e.getMessage());
                pauseAfterAcceptFailure();
                continue;
            }
            accepted.incrementAndGet();
            boolean overLimit = active.incrementAndGet() > settings.maxSessions();
            open.add(socket);
            sessions.start(new Session(socket, overLimit));
        }
    }

    /**
     * One session on its own virtual thread. A {@link Runnable} of its own rather than a lambda:
     * the thread is parked under this frame for the whole call, and every frame of a parked
     * thread is kept (and copied by the garbage collector) until the call ends.
     */
    private final class Session implements Runnable {
        private final Socket socket;
        private final boolean overLimit;

        Session(Socket socket, boolean overLimit) {
            this.socket = socket;
            this.overLimit = overLimit;
        }

        @Override
        public void run() {
            BoundedAgiConnection connection = null;
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                connection = new BoundedAgiConnection(socket, settings.environmentTimeout(), settings.maxLineLength());
                if (overLimit) {
                    busy.incrementAndGet();
                }
                CONNECTION.set(connection);
                new SessionHandler(overLimit ? AgiScripts.BUSY : scripts, connection).run();
            } catch (IOException | RuntimeException e) {
                log.warn("FastAGI session failed: {}", e.getClass().getSimpleName());
                log.debug("FastAGI session failure", e);
            } finally {
                CONNECTION.remove();
                if (connection != null && connection.failure() != null) {
                    malformed.incrementAndGet();
                    log.warn("FastAGI connection from {} closed: {}", socket.getInetAddress().getHostAddress(), connection.failure());
                }
                closeQuietly(socket);
                open.remove(socket);
                active.decrementAndGet();
            }
        }
    }

    /**
     * Asterisk-Java's handler for one session (request parsing, the script, {@code AJ_AGISTATUS}),
     * reading each request as a {@link ReleasableAgiRequest} so that a script can drop the
     * environment once it has what it needs.
     */
    static final class SessionHandler extends FastAgiConnectionHandler {
        SessionHandler(MappingStrategy scripts, BoundedAgiConnection connection) {
            super(scripts, connection, UnpinnedAgiChannel.FACTORY);
        }

        @Override
        protected AgiReader createReader() {
            return new ReleasableAgiRequest.Reader(super.createReader());
        }
    }

    /** The connection of the session served by the current thread, or null outside a session. */
    static BoundedAgiConnection currentConnection() {
        return CONNECTION.get();
    }

    /** Too many open files and the like: back off briefly rather than spin. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting and closes every open session (Asterisk continues each call's dialplan). */
    @Override
    public void close() {
        closing = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(AgiListener::closeQuietly);
        if (acceptor != null) {
            try {
                acceptor.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

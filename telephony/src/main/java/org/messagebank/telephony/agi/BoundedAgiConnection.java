package org.messagebank.telephony.agi;

import org.asteriskjava.util.SocketConnectionFacade;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * One FastAGI socket as Asterisk-Java's connection handler reads and writes it, with the limits
 * its stock socket lacks: the whole environment must arrive within a time limit, a line may not
 * exceed a maximum length, the environment may not exceed a number of lines, and a connection
 * closed before the environment's closing empty line is an error rather than a short request.
 * Bytes that are not UTF-8 are read as replacement characters. After the environment, reads
 * wait as long as the call lasts.
 *
 * <p>A broken limit fails the read with an {@link IOException} and is kept in {@link #failure()},
 * so the listener can log it once.
 */
final class BoundedAgiConnection implements SocketConnectionFacade {
    static final int MAX_ENVIRONMENT_LINES = 512;
    /** Asterisk 22's environment is about 700 bytes: read in one go. */
    static final int ENVIRONMENT_BUFFER = 1024;
    /** Replies are short lines ({@code 200 result=1 (value)}); longer ones take more reads. */
    static final int REPLY_BUFFER = 128;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxLineLength;
    private final long environmentDeadline;
    private final Duration environmentTimeout;
    /** Received bytes not yet read: large enough for a whole environment, then small for the replies of a call. */
    private byte[] input = new byte[ENVIRONMENT_BUFFER];
    private int inputPosition;
    private int inputLimit;
    private byte[] buffer = new byte[128];
    private boolean inEnvironment = true;
    private int environmentLines;
    private volatile String failure;

    BoundedAgiConnection(Socket socket, Duration environmentTimeout, int maxLineLength) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream(); // unbuffered: Asterisk-Java writes each command whole, then flushes
        this.maxLineLength = maxLineLength;
        this.environmentTimeout = environmentTimeout;
        this.environmentDeadline = System.nanoTime() + environmentTimeout.toNanos();
    }

    /** Why the connection was cut short, or null. Never holds received data. */
    String failure() {
        return failure;
    }

    /** Whether the whole environment (up to its empty line) has been read. */
    boolean environmentComplete() {
        return !inEnvironment;
    }

    @Override
    public String readLine() throws IOException {
        if (inEnvironment) {
            remainingEnvironmentMillis(); // fails once the time is up, even with the rest already buffered
        }
        int length = 0;
        while (true) {
            // the next byte, refilling the input buffer when it is empty: done here rather than in a
            // method of its own, since a session waits under this frame for the whole call
            if (inputPosition == inputLimit) {
                int n;
                try {
                    if (inEnvironment) {
                        socket.setSoTimeout(remainingEnvironmentMillis());
                    }
                    n = in.read(input, 0, input.length);
                } catch (SocketTimeoutException e) {
                    throw fail(new SocketTimeoutException("environment not complete within " + environmentTimeout.toMillis() + " ms"));
                }
                inputPosition = 0;
                inputLimit = Math.max(n, 0);
            }
            int b = inputPosition < inputLimit ? input[inputPosition++] & 0xff : -1;
            if (b == -1) {
                if (inEnvironment) {
                    throw fail(new EOFException("connection closed before the end of the environment"));
                }
                return length == 0 ? null : decode(length);
            }
            if (b == '\n') {
                break;
            }
            if (length == maxLineLength) {
                throw fail(new IOException("line longer than " + maxLineLength + " characters"));
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(maxLineLength, buffer.length * 2));
            }
            buffer[length++] = (byte) b;
        }
        String line = decode(length);
        if (inEnvironment) {
            if (line.isEmpty()) {
                inEnvironment = false;
                socket.setSoTimeout(0);
                buffer = new byte[64];
                keepInputSmall();
            } else if (++environmentLines > MAX_ENVIRONMENT_LINES) {
                throw fail(new IOException("more than " + MAX_ENVIRONMENT_LINES + " environment lines"));
            }
        }
        return line;
    }

    /**
     * Whether Asterisk has sent something while no command was outstanding (between commands it
     * only ever sends {@code HANGUP}), or closed the connection. Does not consume what was sent,
     * so the next reply is read as usual. Call only between commands, from the session's thread.
     */
    boolean unsolicitedInput() {
        if (inputPosition < inputLimit) {
            return true;
        }
        try {
            return in.available() > 0 || socket.isInputShutdown();
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * The session is held for the whole call: once the environment is read, the input buffer
     * shrinks to the size of a reply, keeping whatever has been received and not yet read.
     */
    private void keepInputSmall() {
        int unread = inputLimit - inputPosition;
        if (unread <= REPLY_BUFFER) {
            var small = new byte[REPLY_BUFFER];
            System.arraycopy(input, inputPosition, small, 0, unread);
            input = small;
            inputPosition = 0;
            inputLimit = unread;
        }
    }

    /**
     * How long the rest of the environment may still take; fails once the time is up. The socket's
     * timeout is set from it before each read that may block, not for every line: most lines are
     * already in the input buffer.
     */
    private int remainingEnvironmentMillis() throws IOException {
        long remainingMillis = (environmentDeadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw fail(new SocketTimeoutException("environment not complete within " + environmentTimeout.toMillis() + " ms"));
        }
        return (int) Math.min(Integer.MAX_VALUE, remainingMillis);
    }

    private String decode(int length) {
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    private IOException fail(IOException e) {
        failure = e.getMessage();
        return e;
    }

    @Override
    public void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected() && !socket.isClosed();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }
}

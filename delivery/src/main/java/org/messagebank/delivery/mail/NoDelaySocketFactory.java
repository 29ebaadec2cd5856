package org.messagebank.delivery.mail;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

/**
 * Socket factories that set TCP_NODELAY, which Jakarta Mail never does: without it, the first
 * small writes after a TLS handshake wait for the server's delayed ACK (about 40 ms on every
 * new connection).
 */
final class NoDelaySocketFactory {
    private NoDelaySocketFactory() {
    }

    private static <S extends Socket> S noDelay(S socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Plain sockets (SMTP, before STARTTLS). */
    static SocketFactory plain() {
        SocketFactory delegate = SocketFactory.getDefault();
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return noDelay(delegate.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return noDelay(delegate.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return noDelay(delegate.createSocket(address, port, localAddress, localPort));
            }
        };
    }

    /** TLS sockets (SMTPS, and the STARTTLS upgrade) from the given factory. */
    static SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return delegate.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return delegate.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket() throws IOException {
                return noDelay(delegate.createSocket());
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                s.setTcpNoDelay(true);
                return delegate.createSocket(s, host, port, autoClose);
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return noDelay(delegate.createSocket(host, port, localHost, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return noDelay(delegate.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return noDelay(delegate.createSocket(address, port, localAddress, localPort));
            }
        };
    }
}

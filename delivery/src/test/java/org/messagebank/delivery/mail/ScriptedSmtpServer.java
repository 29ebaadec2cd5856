package org.messagebank.delivery.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An SMTP server on 127.0.0.1 that answers RCPT TO with a fixed reply, to provoke 4xx and 5xx. */
final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket server;
    private final String rcptReply;
    private final Thread thread;

    ScriptedSmtpServer(String rcptReply) throws IOException {
        this.server = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        this.rcptReply = rcptReply;
        this.thread = Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                write(out, "220 scripted ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                    switch (command) {
                        case "EHLO" -> write(out, "250-scripted\r\n250 8BITMIME");
                        case "HELO", "MAIL", "RSET", "NOOP" -> write(out, "250 OK");
                        case "RCPT" -> write(out, rcptReply);
                        case "QUIT" -> {
                            write(out, "221 bye");
                            return;
                        }
                        default -> write(out, "502 not implemented");
                    }
                }
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5_000);
    }
}

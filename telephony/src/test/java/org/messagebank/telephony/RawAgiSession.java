package org.messagebank.telephony;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A FastAGI client that sends arbitrary bytes, then answers every command with {@code 200 result=1} until the server closes. */
public final class RawAgiSession {
    private RawAgiSession() {
    }

    /** What the server did with the bytes. */
    public record Outcome(List<String> commands, boolean closedByServer) {
        public String status() {
            return commands.stream().filter(c -> c.startsWith("SET VARIABLE \"MB_STATUS\""))
                    .map(c -> c.substring("SET VARIABLE \"MB_STATUS\" \"".length(), c.length() - 1)).findFirst().orElse(null);
        }
    }

    /**
     * @param closeOutput close our sending side after the bytes (a connection closed mid-environment)
     */
    public static Outcome send(InetSocketAddress server, byte[] bytes, boolean closeOutput) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(server, 5000);
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (SocketException e) {
                return new Outcome(List.of(), true);
            }
            if (closeOutput) {
                socket.shutdownOutput();
            }
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            var commands = new ArrayList<String>();
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line);
                    if (!closeOutput) {
                        out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (SocketException e) {
                // reset by the server: closed as well
            }
            return new Outcome(commands, true);
        }
    }
}

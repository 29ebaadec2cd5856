package org.messagebank.telephony.agi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.telephony.Fixtures;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection reads the environment in one buffer, then keeps a small one for the call: nothing received is lost between them. */
class BoundedAgiConnectionTest {
    private ServerSocket server;
    private Socket asterisk;
    private Socket accepted;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        asterisk = new Socket(server.getInetAddress(), server.getLocalPort());
        accepted = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        asterisk.close();
        accepted.close();
        server.close();
    }

    private List<String> environmentLines(BoundedAgiConnection connection) throws IOException {
        var lines = new ArrayList<String>();
        String line;
        while (!(line = connection.readLine()).isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void whatArrivesWithTheEnvironmentIsKeptWhenTheBufferShrinks() throws IOException {
        var environment = Fixtures.agi("fastagi-unanswered.txt").environment();
        var longReply = "200 result=1 (" + "x".repeat(3 * BoundedAgiConnection.REPLY_BUFFER) + ")";
        asterisk.getOutputStream().write((environment + "HANGUP\n" + longReply + "\n200 result=0\n").getBytes(StandardCharsets.UTF_8));
        asterisk.shutdownOutput();
        var connection = new BoundedAgiConnection(accepted, Duration.ofSeconds(5), 8192);

        var lines = environmentLines(connection);

        assertEquals(environment.strip().lines().count(), lines.size());
        assertTrue(connection.environmentComplete());
        assertTrue(connection.unsolicitedInput());
        assertEquals("HANGUP", connection.readLine());
        assertEquals(longReply, connection.readLine());
        assertEquals("200 result=0", connection.readLine());
        assertNull(connection.readLine());
    }

    @Test
    void commandsAreWrittenWholeWithoutABuffer() throws IOException {
        var connection = new BoundedAgiConnection(accepted, Duration.ofSeconds(5), 8192);
        connection.write("EXEC \"Dial\" \"PJSIP/101,20\"\n");
        connection.flush();
        var received = new byte[64];
        int n = asterisk.getInputStream().read(received);
        assertEquals("EXEC \"Dial\" \"PJSIP/101,20\"\n", new String(received, 0, n, StandardCharsets.UTF_8));
    }
}

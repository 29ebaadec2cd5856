package org.messagebank.telephony;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of the Asterisk Manager Interface as Asterisk 22 speaks it (see
 * {@code ami-*.txt}): the {@code Asterisk Call Manager/11.0.0} banner, {@code \r\n} line endings,
 * packets ended by an empty line, MD5 challenge login, {@code CoreSettings},
 * {@code CoreShowChannels} and {@code DeviceStateList} as event lists, {@code Originate},
 * {@code Logoff}. Field names are matched without regard to case, as Asterisk does (Asterisk-Java
 * writes them in lower case). Tests set the channels and device states Asterisk holds, push events, and
 * drop connections. Listens on 127.0.0.1, port 0.
 */
public final class FakeAmi implements AutoCloseable {
    private final String username;
    private final String secret;
    private final ServerSocket server;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger failedLogins = new AtomicInteger();
    /** Channels Asterisk holds: unique id → bridge id (empty when not bridged). */
    public final Map<String, String> channels = new ConcurrentHashMap<>();
    /** Device states Asterisk reports: device → state name. */
    public final Map<String, String> devices = new ConcurrentHashMap<>();
    /** Every action received, as its fields. */
    public final List<Map<String, String>> actions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public FakeAmi(String username, String secret) throws IOException {
        this.username = username;
        this.secret = secret;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-ami").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int logins() {
        return logins.get();
    }

    public int failedLogins() {
        return failedLogins.get();
    }

    /** Sends an event packet (lines separated by \n, as in the fixtures) to every logged-in session. */
    public void emit(String packet) {
        for (var s : sessions) {
            if (s.loggedIn) {
                s.send(packet);
            }
        }
    }

    /** Closes every client connection, as when Asterisk restarts; keeps listening. */
    public void dropConnections() {
        for (var s : sessions) {
            s.close();
        }
        sessions.clear();
    }

    /** Number of actions received with this name. */
    public long count(String action) {
        return actions.stream().filter(a -> action.equalsIgnoreCase(a.get("Action"))).count();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                var socket = server.accept();
                var session = new Session(socket);
                sessions.add(session);
                Thread.ofVirtual().start(session::run);
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropConnections();
    }

    private final class Session {
        private final Socket socket;
        private final OutputStream out;
        private volatile boolean loggedIn;
        private String challenge;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void run() {
            try (var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                sendRaw("Asterisk Call Manager/11.0.0\r\n");
                Map<String, String> packet = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!packet.isEmpty()) {
                            handle(packet);
                            packet = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                        }
                        continue;
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        packet.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                    }
                }
            } catch (IOException e) {
                // connection dropped
            } finally {
                close();
            }
        }

        private void handle(Map<String, String> action) {
            actions.add(action);
            String id = action.getOrDefault("ActionID", "");
            String name = action.getOrDefault("Action", "");
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "challenge" -> {
                    challenge = Long.toString(100_000_000L + (long) (Math.random() * 800_000_000L));
                    send("Response: Success\nActionID: " + id + "\nChallenge: " + challenge + "\n");
                }
                case "login" -> {
                    boolean ok = username.equals(action.get("Username")) && (
                            secret.equals(action.get("Secret"))
                                    || (challenge != null && md5(challenge + secret).equalsIgnoreCase(action.getOrDefault("Key", ""))));
                    if (ok) {
                        loggedIn = true;
                        logins.incrementAndGet();
                        send("Response: Success\nActionID: " + id + "\nMessage: Authentication accepted\n");
                        send("Event: FullyBooted\nPrivilege: system,all\nUptime: 8\nLastReload: 8\nStatus: Fully Booted\n");
                    } else {
                        failedLogins.incrementAndGet();
                        send("Response: Error\nActionID: " + id + "\nMessage: Authentication failed\n");
                    }
                }
                case "coresettings" -> send("Response: Success\nActionID: " + id + "\nAMIversion: 11.0.0\nAsteriskVersion: 22.10.1\n"
                        + "SystemName: \nCoreMaxCalls: 0\nCoreMaxLoadAvg: 0.000000\nCoreRunUser: \nCoreRunGroup: \n"
                        + "CoreMaxFilehandles: 0\nCoreRealTimeEnabled: No\nCoreCDRenabled: Yes\nCoreHTTPenabled: No\n"
                        + "SoundsSearchCustomDir: No\n");
                case "coreshowchannels" -> {
                    send("Response: Success\nActionID: " + id + "\nEventList: start\nMessage: Channels will follow\n");
                    int n = 0;
                    for (var channel : Map.copyOf(channels).entrySet()) {
                        n++;
                        send("Event: CoreShowChannel\nActionID: " + id + "\nChannel: Local/x-" + n + ";2\nChannelState: 6\n"
                                + "ChannelStateDesc: Up\nContext: callers\nExten: 0123456789\nPriority: 3\n"
                                + "Uniqueid: " + channel.getKey() + "\nLinkedid: " + channel.getKey() + "\n"
                                + "Application: AGI\nApplicationData: agi://127.0.0.1/inbound\nDuration: 00:00:05\n"
                                + "BridgeId: " + channel.getValue() + "\n");
                    }
                    send("Event: CoreShowChannelsComplete\nActionID: " + id + "\nEventList: Complete\nListItems: " + n + "\n");
                }
                case "devicestatelist" -> {
                    send("Response: Success\nActionID: " + id + "\nEventList: start\nMessage: Device State Changes will follow\n");
                    int n = 0;
                    for (var device : Map.copyOf(devices).entrySet()) {
                        n++;
                        send("Event: DeviceStateChange\nActionID: " + id + "\nDevice: " + device.getKey() + "\nState: " + device.getValue() + "\n");
                    }
                    send("Event: DeviceStateListComplete\nActionID: " + id + "\nEventList: Complete\nListItems: " + n + "\n");
                }
                case "originate" -> send("Response: Success\nActionID: " + id + "\nMessage: Originate successfully queued\n");
                case "ping" -> send("Response: Success\nActionID: " + id + "\nPing: Pong\nTimestamp: 1795806666.000000\n");
                case "logoff" -> {
                    send("Response: Goodbye\nActionID: " + id + "\nMessage: Thanks for all the fish.\n");
                    close();
                }
                default -> send("Response: Error\nActionID: " + id + "\nMessage: Invalid/unknown command\n");
            }
        }

        synchronized void send(String packet) {
            sendRaw(packet.replace("\n", "\r\n") + "\r\n");
        }

        private synchronized void sendRaw(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            loggedIn = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where to reach it. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }
}

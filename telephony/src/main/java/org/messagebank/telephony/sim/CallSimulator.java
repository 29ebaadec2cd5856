package org.messagebank.telephony.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays Asterisk 22's side of one FastAGI call, as the captured transcripts show it: it connects,
 * sends the {@code agi_*} environment (one {@code name: value} line each, {@code \n} endings, an
 * empty line last), then answers each AGI command the way Asterisk does ({@code 200 result=...},
 * {@code 510} for an unknown command, {@code HANGUP} and {@code 511} once the caller has hung up).
 * {@code EXEC Dial} is decided by a {@link DialHandler} standing in for the operator's phone.
 *
 * <p>Used by {@code messagebank simulate-call}, by the tests and by the load generator.
 */
public final class CallSimulator {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /**
     * One call as Asterisk would present it.
     *
     * @param script the AGI URL's path ({@code inbound})
     * @param to     the dialled number ({@code agi_extension})
     * @param from   the caller's number ({@code agi_callerid}); null for {@code unknown}
     * @param name   the caller's name ({@code agi_calleridname}); null for {@code unknown}
     */
    public record Call(String script, String to, String from, String name, String uniqueId) {
        public static Call inbound(String to, String from, String name) {
            long n = SEQUENCE.incrementAndGet();
            return new Call("inbound", to, from, name, (System.currentTimeMillis() / 1000) + "." + n);
        }

        public Call withScript(String otherScript) {
            return new Call(otherScript, to, from, name, uniqueId);
        }
    }

    /** What {@code EXEC Dial} does. */
    @FunctionalInterface
    public interface DialHandler {
        /**
         * Called when the server dials; blocks for as long as Asterisk's Dial would.
         *
         * @param endpoint    the dial string (first Dial argument)
         * @param ringTimeout the ring timeout (second argument)
         */
        DialOutcome dial(String endpoint, Duration ringTimeout) throws InterruptedException;
    }

    /**
     * Asterisk's reply to {@code EXEC Dial}: the result code and the {@code DIALSTATUS} it leaves.
     *
     * @param callerHungUp the caller hung up during the dial: later commands get {@code HANGUP}/511
     */
    public record DialOutcome(int result, String dialStatus, boolean callerHungUp) {
        /** The operator answered; the conversation ended with the caller hanging up ({@code 200 result=-1}). */
        public static DialOutcome answeredThenCallerHungUp() {
            return new DialOutcome(-1, "ANSWER", false);
        }

        /** The operator answered and hung up first; the caller's channel goes on in the dialplan. */
        public static DialOutcome answeredThenOperatorHungUp() {
            return new DialOutcome(0, "ANSWER", false);
        }

        /** The operator's phone rang out. */
        public static DialOutcome noAnswer() {
            return new DialOutcome(0, "NOANSWER", false);
        }

        /** The caller hung up while the operator's phone rang. */
        public static DialOutcome callerHungUpWhileRinging() {
            return new DialOutcome(-1, "CANCEL", true);
        }
    }

    /**
     * What happened on the call.
     *
     * @param variables channel variables the server set
     * @param commands  every AGI command received, in order
     */
    public record Result(Map<String, String> variables, List<String> commands, boolean serverClosed) {
        public String status() {
            return variables.get("MB_STATUS");
        }
    }

    /** A line of the conversation, for a transcript: {@code >> command} or {@code << reply}. */
    @FunctionalInterface
    public interface Transcript {
        void line(String text);

        Transcript NONE = text -> { };
    }

    private CallSimulator() {
    }

    /** The environment block Asterisk 22 sends for the call, ending with the empty line. */
    public static String environment(Call call, InetSocketAddress server) {
        var env = new LinkedHashMap<String, String>();
        env.put("agi_network", "yes");
        env.put("agi_network_script", call.script());
        env.put("agi_request", "agi://" + server.getHostString() + ":" + server.getPort() + "/" + call.script());
        env.put("agi_channel", channel(call));
        env.put("agi_language", "en");
        env.put("agi_type", "Local");
        env.put("agi_uniqueid", call.uniqueId());
        env.put("agi_version", "22.10.1");
        env.put("agi_callerid", call.from() == null ? "unknown" : call.from());
        env.put("agi_calleridname", call.name() == null ? "unknown" : call.name());
        env.put("agi_callingpres", "0");
        env.put("agi_callingani2", "0");
        env.put("agi_callington", "0");
        env.put("agi_callingtns", "0");
        env.put("agi_dnid", "unknown");
        env.put("agi_rdnis", "unknown");
        env.put("agi_context", "callers");
        env.put("agi_extension", call.to());
        env.put("agi_priority", "3");
        env.put("agi_enhanced", "0.0");
        env.put("agi_accountcode", "");
        env.put("agi_threadid", Long.toString(140374420018880L + Math.floorMod(call.uniqueId().hashCode(), 1_000_000)));
        var text = new StringBuilder();
        env.forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
        return text.append('\n').toString();
    }

    private static String channel(Call call) {
        return "Local/" + call.to() + "@callers-" + String.format("%08x", Math.floorMod(call.uniqueId().hashCode(), 1 << 28)) + ";2";
    }

    /** Places the call and plays it to the end: until the server closes the connection. */
    public static Result run(InetSocketAddress server, Call call, DialHandler dialHandler, Transcript transcript) throws IOException {
        try (var socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(server, 5000);
            return play(socket, call, dialHandler, transcript, server);
        }
    }

    /** Plays the call on an already connected socket. */
    public static Result play(Socket socket, Call call, DialHandler dialHandler, Transcript transcript, InetSocketAddress server)
            throws IOException {
        var in = new BufferedInputStream(socket.getInputStream());
        var out = socket.getOutputStream();
        out.write(environment(call, server).getBytes(StandardCharsets.UTF_8));
        out.flush();
        var variables = new LinkedHashMap<String, String>();
        variables.put("CHANNEL", channel(call));
        var setByServer = new LinkedHashMap<String, String>();
        var commands = new ArrayList<String>();
        boolean hungUp = false;
        String line;
        while ((line = readLine(in)) != null) {
            commands.add(line);
            transcript.line(">> " + line);
            String reply;
            if (hungUp) {
                reply = "511 Command Not Permitted on a dead channel or intercept routine";
            } else {
                var words = AgiWords.split(line);
                String verb = words.isEmpty() ? "" : words.getFirst().toUpperCase(java.util.Locale.ROOT);
                String second = words.size() > 1 ? words.get(1).toUpperCase(java.util.Locale.ROOT) : "";
                if (verb.equals("SET") && second.equals("VARIABLE") && words.size() >= 4) {
                    variables.put(words.get(2), words.get(3));
                    setByServer.put(words.get(2), words.get(3));
                    reply = "200 result=1";
                } else if (verb.equals("GET") && second.equals("VARIABLE") && words.size() >= 3) {
                    String value = variables.get(words.get(2));
                    reply = value == null ? "200 result=0" : "200 result=1 (" + value + ")";
                } else if (verb.equals("EXEC") && words.size() >= 2 && words.get(1).equalsIgnoreCase("Dial")) {
                    String[] args = (words.size() > 2 ? words.get(2) : "").split(",");
                    Duration ring = Duration.ofSeconds(args.length > 1 && args[1].matches("\\d+") ? Long.parseLong(args[1]) : 0);
                    DialOutcome outcome;
                    try {
                        outcome = dialHandler.dial(args[0], ring);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    variables.put("DIALSTATUS", outcome.dialStatus());
                    reply = "200 result=" + outcome.result();
                    hungUp = outcome.callerHungUp();
                } else if (verb.equals("EXEC") || verb.equals("ANSWER") || (verb.equals("SET") && second.equals("MUSIC"))) {
                    reply = "200 result=0";
                } else if (verb.equals("VERBOSE")) {
                    reply = "200 result=1";
                } else if (verb.equals("HANGUP")) {
                    reply = "200 result=1";
                    hungUp = true;
                } else {
                    reply = "510 Invalid or unknown command";
                }
            }
            transcript.line("<< " + reply);
            out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        return new Result(setByServer, commands, true);
    }

    /** Writes what Asterisk writes when the caller hangs up while the server is not waiting on a command. */
    public static void hangUp(OutputStream out) throws IOException {
        out.write("HANGUP\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One line as the FastAGI server sends it (ended by a newline), or null at the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}

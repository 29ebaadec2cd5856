package org.messagebank.telephony.agi;


import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.InvalidCommandSyntaxException;
import org.asteriskjava.fastagi.InvalidOrUnknownCommandException;
import org.asteriskjava.fastagi.internal.FastAgiConnectionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.messagebank.telephony.Fixtures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bytes Asterisk 22 really sends (the fastagi-*.txt transcripts) read through our bounded
 * connection and Asterisk-Java's reader: environment blocks, {@code 200 result=n (value)}
 * replies, and the error replies 510, multi-line 520 and HANGUP/511.
 */
class AgiWireFormatTest {
    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Runs the script on one session whose Asterisk side sends the environment and then the replies, one per command. */
    private List<String> converse(String environment, List<String> replies, AgiScript script) throws Exception {
        var received = new ArrayList<String>();
        var asterisk = CompletableFuture.runAsync(() -> {
            try (var socket = new Socket(server.getInetAddress(), server.getLocalPort())) {
                var out = socket.getOutputStream();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                out.write(environment.getBytes(StandardCharsets.UTF_8));
                out.flush();
                for (var reply : replies) {
                    received.add(in.readLine());
                    out.write(reply.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                String rest;
                while ((rest = in.readLine()) != null) {
                    received.add(rest);
                    out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (var socket = server.accept()) {
            var connection = new BoundedAgiConnection(socket, Duration.ofSeconds(5), 8192);
            new FastAgiConnectionHandler((request, channel) -> script, connection, UnpinnedAgiChannel.FACTORY).run();
        }
        asterisk.get(10, TimeUnit.SECONDS);
        return received;
    }

    private static List<String> replies(Fixtures.AgiTranscript transcript) {
        return transcript.exchanges().stream().map(Fixtures.Exchange::reply).toList();
    }

    @Test
    void readsTheEnvironmentAndVariableRepliesOfAnUnansweredCall() throws Exception {
        var transcript = Fixtures.agi("fastagi-unanswered.txt");
        var seen = new AgiRequest[1];
        var values = new ArrayList<String>();
        var commands = converse(transcript.environment(), replies(transcript), (request, channel) -> {
            seen[0] = request;
            channel.verbose("hello", 1);
            values.add(channel.getVariable("CHANNEL"));
            values.add(channel.getVariable("DOESNOTEXIST"));
        });

        var request = seen[0];
        assertEquals("incoming", request.getScript());
        assertEquals("0123456789", request.getExtension());
        assertEquals("1795806633.1", request.getUniqueId());
        assertEquals("Local/0123456789@callers-00000000;2", request.getChannel());
        assertEquals("0612345678", request.getCallerIdNumber());
        assertEquals("Test Caller", request.getCallerIdName());
        assertEquals("callers", request.getContext());
        assertEquals("", request.getAccountCode() == null ? "" : request.getAccountCode());
        assertEquals("Local/0123456789@callers-00000000;2", values.get(0));
        assertNull(values.get(1));
        assertEquals(List.of("VERBOSE \"hello\" 1", "GET VARIABLE \"CHANNEL\"", "GET VARIABLE \"DOESNOTEXIST\""),
                commands.subList(0, 3));
        assertTrue(commands.get(3).startsWith("SET VARIABLE \"AJ_AGISTATUS\" \"SUCCESS\""), commands.get(3));
    }

    @Test
    void readsArgumentsAndTheAnswerReply() throws Exception {
        var transcript = Fixtures.agi("fastagi-with-args-answered.txt");
        var seen = new AgiRequest[1];
        converse(transcript.environment(), replies(transcript), (request, channel) -> {
            seen[0] = request;
            channel.verbose("hello", 1);
            channel.answer();
            channel.getVariable("CHANNEL");
            channel.getVariable("DOESNOTEXIST");
        });
        assertArrayEquals(new String[] {"first arg", "second"}, seen[0].getArguments());
        assertEquals("5550001", seen[0].getExtension());
    }

    @Test
    void dialReplyOfMinusOneThenDialStatus() throws Exception {
        var transcript = Fixtures.agi("fastagi-answer-then-dial.txt");
        var result = new int[1];
        var status = new String[1];
        var commands = converse(transcript.environment(), replies(transcript), (request, channel) -> {
            channel.verbose("hello", 1);
            channel.answer();
            channel.getVariable("CHANNEL");
            channel.getVariable("DOESNOTEXIST");
            result[0] = channel.exec("Dial", "Local/100@operators,10,S(3)");
            status[0] = channel.getVariable("DIALSTATUS");
        });
        assertEquals(-1, result[0]);
        assertEquals("ANSWER", status[0]);
        assertEquals("EXEC \"Dial\" \"Local/100@operators,10,S(3)\"", commands.get(4));
    }

    @Test
    void unknownCommandReply510BecomesTheLibrarysException() throws Exception {
        var transcript = Fixtures.agi("fastagi-unanswered.txt");
        var thrown = new Exception[1];
        converse(transcript.environment(), List.of("510 Invalid or unknown command\n"), (request, channel) -> {
            thrown[0] = assertThrows(InvalidOrUnknownCommandException.class, () -> channel.exec("NoSuchApp"));
        });
        assertTrue(thrown[0].getMessage().contains("NoSuchApp"), thrown[0].getMessage());
    }

    @Test
    void multiLineUsageReply520IsReadToItsEnd() throws Exception {
        var transcript = Fixtures.agi("fastagi-unanswered.txt");
        var usage = "520-Invalid command syntax.  Proper usage follows:\n"
                + "Usage: GET VARIABLE <variablename>\n"
                + "       Returns 0 if <variablename> is not set.\n"
                + "520 End of proper usage.\n";
        var thrown = new InvalidCommandSyntaxException[1];
        var after = new String[1];
        converse(transcript.environment(), List.of(usage, "200 result=1 (Local/0123456789@callers-00000000;2)\n"),
                (request, channel) -> {
                    thrown[0] = assertThrows(InvalidCommandSyntaxException.class, () -> channel.getVariable(""));
                    after[0] = channel.getVariable("CHANNEL");
                });
        assertEquals("GET VARIABLE <variablename>", thrown[0].getSynopsis().strip());
        assertTrue(thrown[0].getUsage().contains("Returns 0 if <variablename> is not set."), thrown[0].getUsage());
        assertEquals("Local/0123456789@callers-00000000;2", after[0]);
    }

    @Test
    void hangupLineThen511OnADeadChannelIsAHangup() throws Exception {
        var transcript = Fixtures.agi("fastagi-unanswered.txt");
        var thrown = new Exception[1];
        converse(transcript.environment(),
                List.of("HANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n"), (request, channel) -> {
                    thrown[0] = assertThrows(AgiHangupException.class, () -> channel.getVariable("CHANNEL"));
                });
        assertTrue(thrown[0] instanceof AgiHangupException);
    }

    @Test
    void callerIdUnknownReadsAsNoNumber() throws Exception {
        var transcript = Fixtures.agi("fastagi-unanswered.txt");
        var env = transcript.environment().replace("agi_callerid: 0612345678", "agi_callerid: unknown")
                .replace("agi_calleridname: Test Caller", "agi_calleridname: unknown");
        var seen = new AgiRequest[1];
        converse(env, List.of(), (AgiScript) (request, channel) -> seen[0] = request);
        assertNull(seen[0].getCallerIdNumber());
    }

}

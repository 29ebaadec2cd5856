package org.messagebank.telephony.sim;

import org.junit.jupiter.api.Test;
import org.messagebank.telephony.Fixtures;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallSimulatorTest {

    private static List<String> names(String environment) {
        return environment.lines().filter(l -> !l.isEmpty()).map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    @Test
    void environmentHasAsterisk22sVariablesInItsOrderAndEndsWithAnEmptyLine() {
        var fixture = Fixtures.agi("fastagi-answer-then-dial.txt").environment();
        var call = new CallSimulator.Call("inbound", "02079460000", "07700900123", "Jane Caller", "1795806666.5");

        var env = CallSimulator.environment(call, new InetSocketAddress("127.0.0.1", 4573));

        assertEquals(names(fixture), names(env));
        assertTrue(env.endsWith("agi_threadid: " + env.lines().filter(l -> l.startsWith("agi_threadid")).findFirst().orElseThrow()
                .substring("agi_threadid: ".length()) + "\n\n"));
        assertTrue(env.contains("agi_accountcode: \n"), "empty account code is sent as 'agi_accountcode: '");
        assertTrue(env.contains("agi_request: agi://127.0.0.1:4573/inbound\n"));
        assertTrue(env.contains("agi_extension: 02079460000\n"));
        assertTrue(!env.contains("\r"), "FastAGI lines end with \\n only");
    }

    @Test
    void withheldCallerIsSentAsUnknown() {
        var env = CallSimulator.environment(new CallSimulator.Call("inbound", "1", null, null, "1.1"),
                new InetSocketAddress("127.0.0.1", 4573));
        assertTrue(env.contains("agi_callerid: unknown\nagi_calleridname: unknown\n"), env);
    }

    @Test
    void splitsQuotedAgiWordsAsAsteriskDoes() {
        assertEquals(List.of("SET", "VARIABLE", "MB_STATUS", "BUSY"), AgiWords.split("SET VARIABLE \"MB_STATUS\" \"BUSY\""));
        assertEquals(List.of("EXEC", "Dial", "Local/100@operators,10,S(3)"), AgiWords.split("EXEC Dial \"Local/100@operators,10,S(3)\""));
        assertEquals(List.of("VERBOSE", "say \"hi\"", "1"), AgiWords.split("VERBOSE \"say \\\"hi\\\"\" 1"));
    }
}

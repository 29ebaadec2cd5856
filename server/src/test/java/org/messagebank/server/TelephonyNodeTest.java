package org.messagebank.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.telephony.acd.OperatorState;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.server.ServerTestSupport.cli;
import static org.messagebank.server.ServerTestSupport.get;

class TelephonyNodeTest {
    @TempDir
    Path dir;
    private Node node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void readinessReportsAmiDegradedButStaysUpWhileAsteriskIsUnreachable() throws Exception {
        int deadPort;
        try (var socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        var config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir,
                "ami:\n  host: 127.0.0.1\n  port: " + deadPort + "\n  secret: s3cret")), Map.of());
        node = Node.open(config, Clock.systemUTC());
        node.serveTelephony();
        var base = "http://127.0.0.1:" + node.serveHttp().getPort();

        var ready = get(base + "/health/ready");

        assertEquals(200, ready.statusCode(), ready.body());
        var checks = new ObjectMapper().readTree(ready.body()).get("checks");
        assertEquals("DEGRADED", checks.get("ami").asText());
        assertEquals("UP", checks.get("database").asText());
    }

    @Test
    void simulateCallPlaysAsteriskAndTheDemoOperatorAnswers() throws Exception {
        var file = ServerTestSupport.configIn(dir);
        node = Node.open(ConfigLoader.load(Optional.of(file), Map.of()), Clock.systemUTC());
        DemoData.seed(node.store(), new PasswordHasher());
        var agi = node.serveTelephony();
        var operator = DemoData.operator(node.store()).orElseThrow();
        node.telephony().logIn(operator.id());

        var run = cli(Map.of(), "simulate-call", "--config", file.toString(), "--port", Integer.toString(agi.getPort()),
                "--to", "02079460000", "--from", "07700900123", "--name", "Jane Caller",
                "--answer-after", "0", "--hangup-after", "0");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains(">> EXEC \"Dial\" \"PJSIP/100,20\""), run.out());
        assertTrue(run.out().contains("call over: MB_STATUS=ANSWERED"), run.out());
        assertEquals(OperatorState.WRAP_UP, node.telephony().acd().status(operator.id()).state());
    }

    @Test
    void simulateCallToAStoppedServerSaysSo() throws Exception {
        int deadPort;
        try (var socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        var run = cli(Map.of(), "simulate-call", "--config", ServerTestSupport.configIn(dir).toString(),
                "--port", Integer.toString(deadPort), "--to", "02079460000", "--from", "07700900123");
        assertEquals(Main.EXIT_FAILURE, run.status());
        assertTrue(run.err().contains("is messagebank serve running?"), run.err());
    }
}

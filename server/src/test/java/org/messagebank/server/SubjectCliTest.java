package org.messagebank.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.MessageBankConfig;
import org.messagebank.store.IndexFiles;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.server.ServerTestSupport.cli;

class SubjectCliTest {
    @TempDir
    Path dir;
    private Path file;
    private MessageBankConfig config;
    private long messageId;

    @BeforeEach
    void seed() throws Exception {
        file = ServerTestSupport.configIn(dir);
        config = ConfigLoader.load(Optional.of(file), Map.of());
        try (var node = Node.open(config, Clock.systemUTC())) {
            var client = node.store().clients().create("Acme", "Hello");
            messageId = node.store().messages().save(new NewMessage(client.id(), null, null, "+447700900123", "Zoe Zqxcanary", 1,
                    Map.of("reason", "boiler"), Urgency.NORMAL)).id();
            node.indexer().catchUp();
        }
    }

    @Test
    void exportsAReadableReportThenErasesEverythingIncludingTheIndexFiles() throws Exception {
        var html = dir.resolve("report.html");
        var export = cli(Map.of(), "subject", "export", "--phone", "07700 900123", "--format", "html", "--out", html.toString(),
                "--config", file.toString());
        assertEquals(0, export.status(), export.err());
        assertTrue(Files.readString(html).contains("Zoe Zqxcanary"));

        var find = cli(Map.of(), "subject", "find", "--name", "zqxcanary", "--config", file.toString());
        assertEquals("messages=1 calls=0 dispatches=0 contacts=0 recipients=0 users=0", find.out().strip());

        var erase = cli(Map.of(), "subject", "erase", "--phone", "+447700900123", "--config", file.toString());
        assertEquals(0, erase.status(), erase.err());
        assertEquals("erased messages=1 calls=0 dispatches=0 contacts=0 recipients=0 users=0", erase.out().strip());
        assertFalse(IndexFiles.contain(config.index().dir(), "zqxcanary"), "the erased name is gone from the index files");
        try (var node = Node.open(config, Clock.systemUTC())) {
            assertTrue(node.store().messages().find(Scope.admin(), messageId).isEmpty());
        }
    }

    @Test
    void erasureUnderALegalHoldIsRefusedInOneLine() {
        try (var node = Node.open(config, Clock.systemUTC())) {
            node.store().messages().setLegalHold(new Scope.Admin(), messageId, true);
        }
        var erase = cli(Map.of(), "subject", "erase", "--phone", "+447700900123", "--config", file.toString());
        assertEquals(Main.EXIT_FAILURE, erase.status());
        assertEquals(1, erase.err().strip().lines().count(), erase.err());
        assertTrue(erase.err().contains("under a legal hold"), erase.err());
    }

    @Test
    void aClientsMessagesAreErasedOnlyWhenItsNameIsConfirmed() throws Exception {
        long clientId;
        try (var node = Node.open(config, Clock.systemUTC())) {
            clientId = node.store().clients().findByName("Acme").orElseThrow().id();
        }
        var wrong = cli(Map.of(), "client", "erase-messages", Long.toString(clientId), "--confirm-name", "Acme Ltd",
                "--config", file.toString());
        assertEquals(Main.EXIT_FAILURE, wrong.status());
        assertTrue(wrong.err().contains("nothing was erased"), wrong.err());

        var erase = cli(Map.of(), "client", "erase-messages", Long.toString(clientId), "--confirm-name", "Acme",
                "--config", file.toString());
        assertEquals(0, erase.status(), erase.err());
        assertEquals("erased 1 message(s) of client " + clientId, erase.out().strip());
        assertFalse(IndexFiles.contain(config.index().dir(), "zqxcanary"));
    }

    @Test
    void aRequestWithoutAnyIdentifierIsAUsageError() {
        var run = cli(Map.of(), "subject", "find", "--config", file.toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("Missing required"), run.err());
    }
}

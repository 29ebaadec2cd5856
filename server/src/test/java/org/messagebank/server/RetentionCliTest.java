package org.messagebank.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.MessageBankConfig;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionCliTest {
    @TempDir
    Path dir;

    private MessageBankConfig config;
    private Path file;

    private void seedMessagesAt(Instant when, int count) {
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(Database.open(config.database()), Clock.fixed(when, ZoneOffset.UTC), bus)) {
            var client = store.clients().findByName("Acme").orElseGet(() -> store.clients().create("Acme", "Hello"));
            for (int i = 0; i < count; i++) {
                store.messages().save(new NewMessage(client.id(), null, null, "+447700900123", "Jane", 1,
                        Map.of("reason", "leak"), Urgency.NORMAL));
            }
            store.audit().append("user:1", "login", "user:1", "");
        }
    }

    private ServerTestSupport.Run at(Instant now, String... args) {
        return ServerTestSupport.cli(Map.of(), now, args);
    }

    @Test
    void dryRunListsWhatWouldGoThenReapDeletesItAndTheReportShowsWhatIsLeft() throws Exception {
        file = ServerTestSupport.configIn(dir);
        config = ConfigLoader.load(Optional.of(file), Map.of());
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        seedMessagesAt(t0, 2);
        seedMessagesAt(t0.plus(Duration.ofDays(50)), 1);
        Instant now = t0.plus(Duration.ofDays(101));

        var dry = at(now, "reap", "--dry-run", "--config", file.toString());
        assertEquals(0, dry.status(), dry.err());
        assertTrue(dry.out().lines().anyMatch(l -> l.matches("messages past retention\\s+would delete 2")), dry.out());

        var badDuty = at(now, "reap", "--duty", "0", "--config", file.toString());
        assertEquals(2, badDuty.status());
        assertTrue(badDuty.err().contains("--duty must be a whole number from 1 to 100: 0"), badDuty.err());

        var reap = at(now, "reap", "--duty", "100", "--config", file.toString());
        assertEquals(0, reap.status(), reap.err());
        assertTrue(reap.out().lines().anyMatch(l -> l.matches("messages past retention\\s+deleted 2")), reap.out());

        var report = at(now, "retention", "--config", file.toString());
        assertEquals(0, report.status(), report.err());
        assertTrue(report.out().lines().anyMatch(l -> l.matches("messages past retention\\s+1\\s+51 days\\s+100 days\\s+0")), report.out());

        try (var node = Node.open(config, Clock.fixed(now, ZoneOffset.UTC))) {
            assertEquals(1, node.store().messages().recent(Scope.admin(), null, 10).size());
            assertEquals(1, node.index().documentCount(), "the reap purged the index too");
        }
    }

    @Test
    void auditVerifyReportsIntactThenTheFirstBrokenLink() throws Exception {
        file = ServerTestSupport.configIn(dir);
        config = ConfigLoader.load(Optional.of(file), Map.of());
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        seedMessagesAt(t0, 0);
        seedMessagesAt(t0, 0);

        var intact = at(t0, "audit", "verify", "--config", file.toString());
        assertEquals(0, intact.status(), intact.err());
        assertEquals("audit log intact", intact.out().strip());

        try (var c = DriverManager.getConnection(config.database().url()); var s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET actor = 'user:2' WHERE seq = 2");
        }
        var broken = at(t0, "audit", "verify", "--config", file.toString());
        assertEquals(Main.EXIT_FAILURE, broken.status());
        assertTrue(broken.out().startsWith("audit log broken at entry 2"), broken.out());
    }
}

package org.messagebank.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.MessageBankConfig;
import org.messagebank.server.auth.PasswordHasher;
import org.messagebank.store.IndexFiles;
import org.messagebank.store.Scope;
import org.messagebank.store.TestData;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.index.SearchQuery;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Personal data stays where it belongs: a message with a canary caller goes through the node,
 * and no log line at INFO or above, and no file under the data directory but the database and
 * the index, holds the canary; once the message is reaped, the raw index files do not either.
 */
class PersonalDataCanaryTest {
    private static final String CANARY_NAME = "Zqxcanary Person";
    private static final String CANARY_NUMBER = "+447700900987";
    private static final List<String> CANARIES = List.of("Zqxcanary", "zqxcanary", "7700900987", "07700 900987");

    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
    }

    @Test
    void canaryCallerNeverReachesLogsOrLooseFilesAndLeavesTheIndexWhenReaped() throws Exception {
        var config = ConfigLoader.load(Optional.of(ServerTestSupport.configIn(dir)), Map.of());
        var clock = new TestData.MutableClock(Instant.now());
        long messageId;
        try (var node = Node.open(config, clock)) {
            node.serveHttp();
            DemoData.seed(node.store(), new PasswordHasher());
            var acme = node.store().clients().findByName(DemoData.CLIENT_NAME).orElseThrow();
            var call = node.store().calls().open(acme.id(), DemoData.NUMBER, CANARY_NUMBER, CANARY_NAME);
            messageId = node.store().messages().save(new NewMessage(acme.id(), call.id(), null, CANARY_NUMBER, CANARY_NAME, 1,
                    Map.of("caller_name", CANARY_NAME, "callback", "07700 900987", "reason", "zqxcanary boiler"), Urgency.URGENT)).id();
            node.store().messages().acknowledge(Scope.tenant(acme.id()), messageId);
            node.indexer().catchUp();
            assertEquals(1, node.index().search(Scope.tenant(acme.id()), SearchQuery.text("07700 900987")).total());
            node.index().commit();

            assertNoCanaryInLogs();
            assertNoCanaryInLooseFiles(config);

            clock.advance(Duration.ofDays(101));
            node.reaper().run(false);
            assertTrue(node.store().messages().find(Scope.admin(), messageId).isEmpty());
        }
        for (String canary : CANARIES) {
            assertFalse(IndexFiles.contain(config.index().dir(), canary), "index files hold " + canary + " after reaping");
        }
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("retention reaper deleted")),
                "the reaper's INFO line was captured, so the capture works");
        assertNoCanaryInLogs();
        assertNoCanaryInLooseFiles(config);
    }

    private void assertNoCanaryInLogs() {
        for (var event : logs.list) {
            if (!event.getLevel().isGreaterOrEqual(Level.INFO)) {
                continue;
            }
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            for (String canary : CANARIES) {
                assertFalse(line.contains(canary), "log line holds personal data: " + line);
            }
        }
    }

    private void assertNoCanaryInLooseFiles(MessageBankConfig config) throws Exception {
        Path data = config.data().dir();
        Path db = data.resolve("db");
        Path index = config.index().dir();
        try (var files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.startsWith(db) && !f.startsWith(index)).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String canary : CANARIES) {
                    assertFalse(text.contains(canary), f + " holds personal data");
                }
            }
        }
    }
}

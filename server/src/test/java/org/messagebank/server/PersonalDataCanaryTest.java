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
import org.messagebank.store.domain.ContentMode;
import org.messagebank.store.domain.Contact;
import org.messagebank.store.domain.DeliveryChannel;
import org.messagebank.store.domain.DeliveryRules;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Personal data stays where it belongs: a canary caller rings (FastAGI, as Asterisk would), the
 * message is taken and dispatched by SMS and email with secure links, and no log line at INFO or
 * above, and no file under the data directory but the database and the index, holds the canary;
 * once the message is reaped, the raw index files do not either.
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
    void aWholeCallMessageAndDispatchKeepTheCanaryOutOfLogsAndLooseFilesAndReapingPurgesTheIndex() throws Exception {
        var file = ServerTestSupport.configIn(dir);
        var config = ConfigLoader.load(Optional.of(file), Map.of());
        var clock = new TestData.MutableClock(Instant.now());
        long messageId;
        try (var node = Node.open(config, clock)) {
            var agi = node.serveTelephony();
            node.serveHttp();
            DemoData.seed(node.store(), new PasswordHasher());
            var store = node.store();
            var acme = store.clients().findByName(DemoData.CLIENT_NAME).orElseThrow();
            store.contacts().saveRules(DeliveryRules.defaults(acme.id()).withContent(ContentMode.SECURE_LINK, "[Acme]", "Acme"));
            store.contacts().add(Contact.of(acme.id(), "Pat Plumber", "07700 900555", "pat@acme.example",
                    Set.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), Set.of(DeliveryChannel.SMS, DeliveryChannel.EMAIL), null));
            node.telephony().logIn(DemoData.operator(store).orElseThrow().id());

            var call = ServerTestSupport.cli(Map.of(), "simulate-call", "--config", file.toString(), "--port",
                    Integer.toString(agi.getPort()), "--to", "020 7946 0000", "--from", "07700 900987", "--name", CANARY_NAME,
                    "--answer-after", "0", "--hangup-after", "0");
            assertEquals(0, call.status(), call.err());
            var callId = store.calls().findBySubject(new Scope.Admin(), CANARY_NUMBER, null, 1).getFirst().id();
            messageId = store.messages().save(new NewMessage(acme.id(), callId, null, CANARY_NUMBER, CANARY_NAME, 1,
                    Map.of("caller_name", CANARY_NAME, "callback", "07700 900987", "reason", "zqxcanary boiler"), Urgency.URGENT)).id();
            node.delivery().runDueNow();
            node.indexer().catchUp();
            assertEquals(1, node.index().search(Scope.tenant(acme.id()), SearchQuery.text("07700 900987")).total());
            node.index().commit();
            try (var sent = Files.list(config.data().dir().resolve("outbox").resolve("sms"))) {
                assertEquals(1, sent.count(), "the SMS went out (to a file, in the embedded default)");
            }

            assertNoCanaryInLogs();
            assertNoCanaryInLooseFiles(config);

            clock.advance(Duration.ofDays(101));
            node.reaper().run(false);
            assertTrue(store.messages().find(Scope.admin(), messageId).isEmpty());
            assertTrue(store.calls().find(Scope.admin(), callId).isEmpty(), "the call went with its message");
            assertTrue(store.dispatches().forMessage(Scope.admin(), messageId).isEmpty(), "so did its dispatch records");
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

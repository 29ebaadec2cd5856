package org.messagebank.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.store.PhoneNumbers;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.event.InProcessEventBus;
import org.messagebank.store.index.LuceneMessageIndex;
import org.messagebank.store.jdbc.Database;
import org.messagebank.store.jdbc.JdbcMessageBankStore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@code messagebank serve} as its own process, as an operator would, and stops it with SIGTERM. */
class ServeProcessTest {
    private static final Pattern READY = Pattern.compile("Message Bank is ready at (http://127\\.0\\.0\\.1:\\d+/) .*");

    @TempDir
    Path dir;

    @Test
    void servesUntilSigtermThenCommitsTheIndexAndExits() throws Exception {
        var file = ServerTestSupport.configIn(dir, "index:\n  commit-interval: 1h");
        var config = ConfigLoader.load(Optional.of(file), Map.of());
        try (var bus = new InProcessEventBus();
             var store = new JdbcMessageBankStore(Database.open(config.database()), Clock.systemUTC(), bus)) {
            var client = store.clients().create("Acme", "Hello");
            for (int i = 0; i < 3; i++) {
                store.messages().save(new NewMessage(client.id(), null, null, "+447700900123", "Jane", 1,
                        Map.of("reason", "leak " + i), Urgency.NORMAL));
            }
        }

        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName(), "serve", "--demo", "--config", file.toString())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var lines = new ArrayList<String>();
            String url = null;
            String line;
            while (url == null && (line = stdout.readLine()) != null) {
                lines.add(line);
                var m = READY.matcher(line);
                if (m.matches()) {
                    url = m.group(1);
                }
            }
            assertTrue(url != null, "no ready line; stdout " + lines + "; stderr " + Files.readString(dir.resolve("stderr.txt")));
            assertEquals(List.of("admin", "operator", "client"), lines.stream().filter(l -> l.startsWith("demo login "))
                    .map(l -> l.split(" ")[2]).toList());
            assertEquals(200, ServerTestSupport.get(url + "health/ready").statusCode());
        } finally {
            process.destroy();
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "server did not stop within 30 s of SIGTERM");
        assertEquals(143, process.exitValue(), "exit status after SIGTERM");
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertTrue(stderr.contains("stopped"), stderr);
        assertTrue(!stderr.contains("Exception"), stderr);

        try (var index = LuceneMessageIndex.open(config.index().dir(), new PhoneNumbers("GB"))) {
            assertEquals(3, index.committedSeq(), "the shutdown committed the index with the outbox position");
            assertEquals(3, index.documentCount());
        }
    }
}

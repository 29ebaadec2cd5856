package org.messagebank.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.store.Scope;
import org.messagebank.store.domain.NewMessage;
import org.messagebank.store.domain.Urgency;
import org.messagebank.store.index.SearchQuery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.messagebank.server.ServerTestSupport.cli;
import static org.messagebank.server.ServerTestSupport.configIn;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("serve", "migrate", "reindex", "reap", "retention", "audit verify")) {
            var words = new java.util.ArrayList<>(List.of(command.split(" ")));
            words.add("--help");
            var run = cli(Map.of(), words.toArray(String[]::new));
            assertEquals(0, run.status(), command);
            assertTrue(run.out().contains("Usage: messagebank " + command), run.out());
            assertTrue(run.out().contains("--config=FILE"), run.out());
        }
        var top = cli(Map.of(), "--help");
        assertEquals(0, top.status());
        assertTrue(top.out().contains("serve") && top.out().contains("migrate") && top.out().contains("reindex"), top.out());
    }

    @Test
    void unknownConfigKeyStopsWithStatus2AndOneLine() throws Exception {
        var file = Files.writeString(dir.resolve("bad.yml"), "http:\n  prot: 8080\n");
        var run = cli(Map.of(), "migrate", "--config", file.toString());
        assertEquals(Main.EXIT_CONFIG, run.status());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("unknown key 'http.prot'") && run.err().contains("did you mean 'http.port'?"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void badEnvironmentOverrideStopsWithStatus2() {
        var run = cli(Map.of("MB_HTTP_PORT", "eighty"), "serve");
        assertEquals(Main.EXIT_CONFIG, run.status());
        assertTrue(run.err().contains("MB_HTTP_PORT") && run.err().contains("'eighty' is not an integer"), run.err());
    }

    @Test
    void missingConfigFileFromEnvironmentStopsWithStatus2() {
        var run = cli(Map.of("MB_CONFIG", dir.resolve("nope.yml").toString()), "reindex");
        assertEquals(Main.EXIT_CONFIG, run.status());
        assertTrue(run.err().contains("does not exist"), run.err());
    }

    @Test
    void unreachableDatabaseIsOneClearLine() throws Exception {
        var file = configIn(dir, "database:\n  url: jdbc:postgresql://127.0.0.1:1/none");
        var run = cli(Map.of(), "migrate", "--config", file.toString());
        assertEquals(Main.EXIT_FAILURE, run.status());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("messagebank: cannot open the database jdbc:postgresql://127.0.0.1:1/none"), run.err());
    }

    @Test
    void migrateCreatesTheSchemaOnceThenReportsUpToDate() throws Exception {
        var file = configIn(dir);
        var first = cli(Map.of(), "migrate", "--config", file.toString());
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().startsWith("applied "), first.out());
        var second = cli(Map.of(), "migrate", "--config", file.toString());
        assertEquals("database schema is up to date", second.out().strip());
    }

    @Test
    void reindexRebuildsTheIndexFromTheDatabase() throws Exception {
        var file = configIn(dir);
        var config = ConfigLoader.load(Optional.of(file), Map.of());
        try (var node = Node.open(config, Clock.systemUTC())) {
            var client = node.store().clients().create("Acme", "Hello");
            node.store().messages().saveAll(List.of(
                    new NewMessage(client.id(), null, null, "+447700900123", "Jane", 1, Map.of("reason", "boiler"), Urgency.NORMAL),
                    new NewMessage(client.id(), null, null, "+447700900124", "John", 1, Map.of("reason", "boiler"), Urgency.NORMAL)));
        }
        deleteTree(config.index().dir());

        var run = cli(Map.of(), "reindex", "--config", file.toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("reindexed 2 message(s)"), run.out());
        try (var node = Node.open(config, Clock.systemUTC())) {
            assertEquals(2, node.index().search(Scope.admin(), SearchQuery.text("boiler")).total());
        }
    }

    @Test
    void reindexWhileTheIndexIsInUseSaysSo() throws Exception {
        var file = configIn(dir);
        var config = ConfigLoader.load(Optional.of(file), Map.of());
        try (var node = Node.open(config, Clock.systemUTC())) {
            var run = cli(Map.of(), "reindex", "--config", file.toString());
            assertEquals(Main.EXIT_FAILURE, run.status());
            assertTrue(run.err().contains("is in use by another process (is the server running?)"), run.err());
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

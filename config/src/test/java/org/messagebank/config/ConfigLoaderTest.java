package org.messagebank.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsGiveEmbeddedModeUnderDataDir() {
        MessageBankConfig config = ConfigLoader.load(Optional.empty(), Map.of());

        assertEquals(Path.of("./data").normalize(), config.data().dir());
        assertEquals(new HttpConfig("0.0.0.0", 8080), config.http());
        assertEquals(new AgiConfig("0.0.0.0", 4573), config.agi());
        assertTrue(config.database().embedded());
        assertEquals("jdbc:h2:file:" + Path.of("data").toAbsolutePath().resolve("db").resolve("messagebank")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;PAGE_SIZE=4096",
                config.database().url());
        assertEquals("", config.database().user());
        assertEquals("", config.database().password());
        assertEquals(10, config.database().poolSize());
        assertEquals(new IndexConfig(Path.of("data", "index"), Duration.ofMillis(200), Duration.ofSeconds(5)), config.index());
        assertEquals(new PhoneConfig("GB"), config.phone());
    }

    @Test
    void defaultsEqualLoadingWithoutFileOrEnvironment() {
        assertEquals(ConfigLoader.load(Optional.empty(), Map.of()), MessageBankConfig.defaults());
    }

    @Test
    void emptyFileGivesDefaults() throws IOException {
        assertEquals(MessageBankConfig.defaults(), load(write("")));
        assertEquals(MessageBankConfig.defaults(), load(write("# nothing set yet\n")));
    }

    @Test
    void emptySectionGivesDefaults() throws IOException {
        assertEquals(MessageBankConfig.defaults(), load(write("database:\nhttp: ~\n")));
    }

    @Test
    void fileValuesOverrideDefaults() throws IOException {
        Path file = write("""
                data:
                  dir: /var/lib/messagebank/
                http:
                  host: 127.0.0.1
                  port: 0
                agi:
                  port: 14573
                database:
                  url: jdbc:postgresql://db.example:5432/messagebank
                  user: mb
                  password: hunter2
                  pool-size: 20
                index:
                  dir: /srv/index
                  refresh-interval: 1s
                  commit-interval: PT30S
                phone:
                  default-region: us
                """);

        MessageBankConfig config = load(file);

        assertEquals(Path.of("/var/lib/messagebank"), config.data().dir());
        assertEquals(new HttpConfig("127.0.0.1", 0), config.http());
        assertEquals(new AgiConfig("0.0.0.0", 14573), config.agi());
        assertEquals(new DatabaseConfig("jdbc:postgresql://db.example:5432/messagebank", "mb", "hunter2", 20, false),
                config.database());
        assertEquals(new IndexConfig(Path.of("/srv/index"), Duration.ofSeconds(1), Duration.ofSeconds(30)), config.index());
        assertEquals("US", config.phone().defaultRegion());
    }

    @Test
    void theReapersDutyIsReadAndItsPauseFollowsFromIt() throws IOException {
        assertEquals(28, MessageBankConfig.defaults().retention().reaperDutyPercent());
        var retention = load(write("reaper:\n  batch-size: 500\n  duty-percent: 25\n")).retention();

        assertEquals(500, retention.reaperBatchSize());
        assertEquals(25, retention.reaperDutyPercent());
        assertEquals(Duration.ofMillis(300), retention.reaperPauseAfter(Duration.ofMillis(100)));
        var full = ConfigLoader.load(Optional.empty(), Map.of("MB_REAPER_DUTY_PERCENT", "100")).retention();
        assertEquals(Duration.ZERO, full.reaperPauseAfter(Duration.ofSeconds(1)));
    }

    @Test
    void httpsAndTheServicesTimeZoneAreRead() throws IOException {
        Path certificate = Files.writeString(dir.resolve("cert.pem"), "certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "key");
        var config = ConfigLoader.load(Optional.empty(), Map.of("MB_HTTP_TLS_CERTIFICATE", certificate.toString(),
                "MB_HTTP_TLS_KEY", key.toString(), "MB_WEB_TIME_ZONE", "America/New_York"));

        assertEquals(Optional.of(new HttpConfig.Tls(certificate, key)), config.http().tls());
        assertEquals(java.time.ZoneId.of("America/New_York"), config.web().timeZone());
        assertEquals(java.time.ZoneId.of("Europe/London"), ConfigLoader.load(Optional.empty(), Map.of()).web().timeZone());
    }

    @Test
    void flatDottedKeysAreAccepted() throws IOException {
        MessageBankConfig config = load(write("database.pool-size: 20\nhttp:\n  port: 9090\n"));

        assertEquals(20, config.database().poolSize());
        assertEquals(9090, config.http().port());
    }

    @Test
    void environmentOverridesFile() throws IOException {
        Path file = write("http:\n  port: 9090\ndatabase:\n  pool-size: 20\n");

        MessageBankConfig config = ConfigLoader.load(Optional.of(file),
                Map.of("MB_HTTP_PORT", "9191", "MB_INDEX_COMMIT_INTERVAL", "10m", "PATH", "/usr/bin"));

        assertEquals(9191, config.http().port());
        assertEquals(20, config.database().poolSize());
        assertEquals(Duration.ofMinutes(10), config.index().commitInterval());
    }

    @Test
    void environmentOverridesDefaultsWithoutFile() {
        MessageBankConfig config = ConfigLoader.load(Optional.empty(), Map.of("MB_DATABASE_POOL_SIZE", "50"));

        assertEquals(50, config.database().poolSize());
    }

    @Test
    void configFileIsTakenFromMbConfigWhenNoneIsGiven() throws IOException {
        Path file = write("http:\n  port: 9090\n");

        MessageBankConfig config = ConfigLoader.load(Optional.empty(), Map.of("MB_CONFIG", file.toString()));

        assertEquals(9090, config.http().port());
    }

    @Test
    void givenConfigFileWinsOverMbConfig() throws IOException {
        Path given = write("http:\n  port: 9090\n");

        MessageBankConfig config = ConfigLoader.load(Optional.of(given),
                Map.of("MB_CONFIG", dir.resolve("absent.yml").toString()));

        assertEquals(9090, config.http().port());
    }

    @Test
    void emptyMbConfigMeansNoFile() {
        assertEquals(MessageBankConfig.defaults(), ConfigLoader.load(Optional.empty(), Map.of("MB_CONFIG", "")));
    }

    @Test
    void dataDirMovesEmbeddedDatabaseAndIndex() throws IOException {
        MessageBankConfig config = load(write("data:\n  dir: " + dir.resolve("store") + "\n"));

        assertEquals(dir.resolve("store").resolve("index"), config.index().dir());
        assertTrue(config.database().url().startsWith("jdbc:h2:file:" + dir.resolve("store/db/messagebank") + ";"));
        assertTrue(config.database().embedded());
    }

    @Test
    void externalH2UrlIsEmbeddedAndOtherUrlsAreNot() {
        MessageBankConfig h2 = ConfigLoader.load(Optional.empty(), Map.of("MB_DATABASE_URL", "jdbc:h2:mem:test"));
        MessageBankConfig postgres = ConfigLoader.load(Optional.empty(),
                Map.of("MB_DATABASE_URL", "jdbc:postgresql://localhost/mb"));

        assertEquals("jdbc:h2:mem:test", h2.database().url());
        assertTrue(h2.database().embedded());
        assertFalse(postgres.database().embedded());
    }

    @Test
    void emptyValueMeansEmptyText() throws IOException {
        MessageBankConfig config = load(write("database:\n  user:\n  url: ''\n"));

        assertEquals("", config.database().user());
        assertTrue(config.database().embedded());
    }

    @Test
    void yamlAliasesAreFollowed() throws IOException {
        MessageBankConfig config = load(write("http: &listen\n  host: 127.0.0.1\nagi: *listen\n"));

        assertEquals("127.0.0.1", config.agi().host());
    }

    private MessageBankConfig load(Path file) {
        return ConfigLoader.load(Optional.of(file), Map.of());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("messagebank.yml"), yaml);
    }
}

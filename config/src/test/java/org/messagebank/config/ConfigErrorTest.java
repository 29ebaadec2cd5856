package org.messagebank.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConfigErrorTest {

    @TempDir
    Path dir;

    @Test
    void rejectsUnknownKeyWithSuggestion() throws IOException {
        Path file = write("http:\n  prot: 8080\n");

        assertEquals("unknown key 'http.prot' in " + file + " (did you mean 'http.port'?)", failure(file));
    }

    @Test
    void rejectsUnknownFlatKeyWithSuggestion() throws IOException {
        Path file = write("database.pool-sise: 20\n");

        assertEquals("unknown key 'database.pool-sise' in " + file + " (did you mean 'database.pool-size'?)", failure(file));
    }

    @Test
    void rejectsKeyInMistypedSectionWithSuggestion() throws IOException {
        Path file = write("htp:\n  port: 8080\n");

        assertEquals("unknown key 'htp.port' in " + file + " (did you mean 'http.port'?)", failure(file));
    }

    @Test
    void rejectsUnknownKeyWithoutSuggestionWhenNothingIsClose() throws IOException {
        Path file = write("logging:\n  level: debug\n");

        assertEquals("unknown key 'logging.level' in " + file, failure(file));
    }

    @Test
    void rejectsUnknownEnvironmentVariableWithSuggestion() {
        assertEquals("unknown environment variable MB_HTTP_PROT (did you mean MB_HTTP_PORT?)",
                failure(Map.of("MB_HTTP_PROT", "8080")));
    }

    @Test
    void rejectsUnknownEnvironmentVariableWithoutSuggestionWhenNothingIsClose() {
        assertEquals("unknown environment variable MB_LOGGING_LEVEL", failure(Map.of("MB_LOGGING_LEVEL", "debug")));
    }

    @Test
    void rejectsNonIntegerPort() throws IOException {
        Path file = write("http:\n  port: eighty\n");

        assertEquals("http.port in " + file + ": 'eighty' is not an integer (expected an integer from 0 to 65535)",
                failure(file));
    }

    @Test
    void rejectsAReaperThatWouldNeverDelete() {
        assertEquals("reaper.duty-percent from MB_REAPER_DUTY_PERCENT: 0 is out of range (expected an integer from 1 to 100)",
                failure(Map.of("MB_REAPER_DUTY_PERCENT", "0")));
    }

    @Test
    void rejectsOutOfRangePoolSizeFromEnvironment() {
        assertEquals("database.pool-size from MB_DATABASE_POOL_SIZE: 500 is out of range (expected an integer from 1 to 200)",
                failure(Map.of("MB_DATABASE_POOL_SIZE", "500")));
    }

    @Test
    void rejectsOutOfRangePortInFile() throws IOException {
        Path file = write("agi:\n  port: 70000\n");

        assertEquals("agi.port in " + file + ": 70000 is out of range (expected an integer from 0 to 65535)", failure(file));
    }

    @Test
    void validatesFileValuesThatTheEnvironmentOverrides() throws IOException {
        Path file = write("http:\n  port: eighty\n");

        String message = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(file), Map.of("MB_HTTP_PORT", "80"))).getMessage();

        assertEquals("http.port in " + file + ": 'eighty' is not an integer (expected an integer from 0 to 65535)", message);
    }

    @Test
    void rejectsSingleValueWhereSectionIsExpected() throws IOException {
        Path file = write("http: 8080\n");

        assertEquals("http in " + file + ": expected a mapping (a section with http.host, http.port, http.tls-certificate, http.tls-key), found a single value",
                failure(file));
    }

    @Test
    void rejectsMappingWhereSingleValueIsExpected() throws IOException {
        Path file = write("http:\n  port:\n    number: 8080\n");

        assertEquals("http.port in " + file + ": expected a single value, found a mapping", failure(file));
    }

    @Test
    void rejectsListWhereSingleValueIsExpected() throws IOException {
        Path file = write("http:\n  port: [8080, 8081]\n");

        assertEquals("http.port in " + file + ": expected a single value, found a list", failure(file));
    }

    @Test
    void rejectsFileWhoseTopLevelIsNotAMapping() throws IOException {
        Path file = write("- http\n- agi\n");

        assertEquals("config file " + file + " must hold a mapping of keys, found a list", failure(file));
    }

    @Test
    void rejectsKeySetTwice() throws IOException {
        Path file = write("http.port: 80\nhttp:\n  port: 8080\n");

        assertEquals("key 'http.port' is set more than once in " + file, failure(file));
    }

    @Test
    void reportsMissingFile() {
        Path file = dir.resolve("absent.yml");

        assertEquals("config file " + file + " does not exist", failure(file));
    }

    @Test
    void reportsMissingFileNamedByMbConfig() {
        Path file = dir.resolve("absent.yml");

        assertEquals("config file " + file + " (from MB_CONFIG) does not exist",
                failure(Map.of("MB_CONFIG", file.toString())));
    }

    @Test
    void reportsDirectoryAsUnreadable() {
        assertEquals("config file " + dir + " cannot be read: it is a directory", failure(dir));
    }

    @Test
    void reportsFileWithoutReadPermissionAsUnreadable() throws IOException {
        Path file = write("http:\n  port: 8080\n");
        assumeTrue(Files.getFileStore(file).supportsFileAttributeView("posix"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));
        assumeFalse(Files.isReadable(file), "running with privileges that read any file");

        assertEquals("config file " + file + " cannot be read: permission denied", failure(file));
    }

    @Test
    void reportsMalformedYamlWithOneBasedPosition() throws IOException {
        Path file = write("http:\n  port: 8080\nagi: a: b\n");

        assertEquals("malformed YAML in " + file + " at line 3, column 7: mapping values are not allowed here",
                failure(file));
    }

    @Test
    void reportsMalformedYamlWithContext() throws IOException {
        Path file = write("http:\n  host: \"127.0.0.1\n");

        assertEquals("malformed YAML in " + file + " at line 3, column 1: found unexpected end of stream"
                + " (while scanning a quoted scalar at line 2, column 9)", failure(file));
    }

    @Test
    void rejectsDatabaseUrlNotStartingWithJdbc() {
        assertEquals("database.url from MB_DATABASE_URL: 'postgres://localhost/mb' is not a JDBC URL"
                        + " (expected a JDBC URL starting with jdbc:, or empty for the embedded H2 database)",
                failure(Map.of("MB_DATABASE_URL", "postgres://localhost/mb")));
    }

    @Test
    void rejectsUnsupportedRegion() throws IOException {
        Path file = write("phone:\n  default-region: ZZ\n");

        assertEquals("phone.default-region in " + file + ": 'ZZ' is not a supported region"
                + " (expected a region code that libphonenumber supports, such as GB or US)", failure(file));
    }

    @Test
    void rejectsDurationWithoutUnit() throws IOException {
        Path file = write("index:\n  refresh-interval: 200\n");

        assertEquals("index.refresh-interval in " + file + ": '200' is not a duration (expected a duration from 10ms to 60s"
                + " with a unit (ms, s, m, h or d) or in ISO-8601 such as PT5S)", failure(file));
    }

    @Test
    void rejectsOutOfRangeDuration() {
        assertEquals("index.commit-interval from MB_INDEX_COMMIT_INTERVAL: 2h is out of range (expected a duration"
                        + " from 100ms to 1h with a unit (ms, s, m, h or d) or in ISO-8601 such as PT5S)",
                failure(Map.of("MB_INDEX_COMMIT_INTERVAL", "2h")));
    }

    @Test
    void neverShowsSecretValues() throws IOException {
        Path file = write("database:\n  password: [hunter2]\n");

        String message = failure(file);

        assertEquals("database.password in " + file + ": expected a single value, found a list", message);
        assertFalse(message.contains("hunter2"));
    }

    @Test
    void secretParseFailureSaysValueHidden() {
        ConfigKey<Integer> pin = new ConfigKey<>("test.pin", secretNumber(), "0", "A secret number.");

        String message = assertThrows(ConfigException.class, () -> pin.parse("12x34", "from MB_TEST_PIN")).getMessage();

        assertEquals("test.pin from MB_TEST_PIN: (value hidden) is not an integer (expected a secret integer)", message);
    }

    @Test
    void secretIsHiddenInToString() {
        MessageBankConfig config = ConfigLoader.load(Optional.empty(), Map.of("MB_DATABASE_PASSWORD", "hunter2"));

        assertEquals("hunter2", config.database().password());
        assertFalse(config.toString().contains("hunter2"));
        assertFalse(config.database().toString().contains("hunter2"));
    }

    @Test
    void messagesAreOneLine() {
        String message = failure(Map.of("MB_HTTP_PORT", "80\n80"));

        assertEquals("http.port from MB_HTTP_PORT: '80\\u000a80' is not an integer (expected an integer from 0 to 65535)",
                message);
    }

    private static ValueType<Integer> secretNumber() {
        return new ValueType<>("secret integer", "a secret integer", true, text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw InvalidValueException.notA("an integer");
            }
        });
    }

    @Test
    void httpsNeedsBothReadableFiles() throws IOException {
        Path certificate = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertEquals("http.tls-key is needed too: HTTPS takes both http.tls-certificate and http.tls-key",
                failure(Map.of("MB_HTTP_TLS_CERTIFICATE", certificate.toString())));
        assertEquals("http.tls-key: cannot read the file " + dir.resolve("missing.pem"),
                failure(Map.of("MB_HTTP_TLS_CERTIFICATE", certificate.toString(),
                        "MB_HTTP_TLS_KEY", dir.resolve("missing.pem").toString())));
    }

    @Test
    void rejectsAnUnknownTimeZone() {
        assertEquals("web.time-zone from MB_WEB_TIME_ZONE: 'Europe/Londn' is not a time zone (an IANA name such as Europe/London)"
                + " (expected an IANA time zone such as Europe/London or UTC)", failure(Map.of("MB_WEB_TIME_ZONE", "Europe/Londn")));
    }

    private String failure(Path file) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.of(file), Map.of())).getMessage();
    }

    private String failure(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(Optional.empty(), env)).getMessage();
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("messagebank.yml"), yaml);
    }
}

package org.messagebank.store;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.messagebank.config.DatabaseConfig;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * Databases for tests: an H2 file database in PostgreSQL mode, as the embedded default uses, and
 * a fresh schema in the PostgreSQL named by {@code MESSAGEBANK_TEST_POSTGRES_URL}. Without that variable a
 * PostgreSQL test is skipped on a developer machine and fails in CI ({@code CI} set), so CI
 * can never pass without really running it.
 */
public final class TestDatabases {
    public static final String POSTGRES_URL_ENV = "MESSAGEBANK_TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    public static DatabaseConfig h2(Path dir) {
        return new DatabaseConfig(DatabaseConfig.embeddedUrl(dir.resolve("messagebank")), "", "", 4, true);
    }

    /** The base PostgreSQL URL, or the test is skipped (developer machine) or failed (CI). */
    public static String postgresUrl() {
        String url = System.getenv(POSTGRES_URL_ENV);
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) {
                Assertions.fail(POSTGRES_URL_ENV + " is not set: CI must run the PostgreSQL tests (see .ci/run)");
            }
            Assumptions.abort(POSTGRES_URL_ENV + " is not set; PostgreSQL tests skipped");
        }
        return url;
    }

    /** A new, empty schema in the test PostgreSQL, used as the connection's default schema. */
    public static DatabaseConfig postgresSchema() {
        String base = postgresUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (var c = DriverManager.getConnection(base); var s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at " + base + ": " + e.getMessage(), e);
        }
        String sep = base.contains("?") ? "&" : "?";
        return new DatabaseConfig(base + sep + "currentSchema=" + schema + "&prepareThreshold=0", "", "", 4, false);
    }
}

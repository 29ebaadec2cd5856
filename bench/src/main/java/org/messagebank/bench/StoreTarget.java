package org.messagebank.bench;

import org.messagebank.config.DatabaseConfig;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A fresh, empty database for one benchmark run: embedded H2 in a directory, or a new PostgreSQL schema. */
public interface StoreTarget {
    int POOL_SIZE = 10;

    String name();

    /** Creates the empty database and returns how to reach it; {@code dir} is the run's scratch directory. */
    DatabaseConfig create(Path dir);

    /** Removes what {@link #create} made outside {@code dir}. */
    void drop();

    /** The embedded default: an H2 file database in PostgreSQL mode, as the server uses without a database URL. */
    record H2() implements StoreTarget {
        @Override
        public String name() {
            return "H2 embedded";
        }

        @Override
        public DatabaseConfig create(Path dir) {
            return new DatabaseConfig(DatabaseConfig.embeddedUrl(dir.resolve("db").resolve("messagebank")), "", "", POOL_SIZE, true);
        }

        @Override
        public void drop() {
        }
    }

    /** A schema of its own in the PostgreSQL at {@code url}, dropped afterwards. */
    final class Postgres implements StoreTarget {
        private final String url;
        private String schema;

        public Postgres(String url) {
            this.url = url;
        }

        @Override
        public String name() {
            return "PostgreSQL";
        }

        @Override
        public DatabaseConfig create(Path dir) {
            schema = "capture_" + Long.toString(System.currentTimeMillis(), 36);
            execute("CREATE SCHEMA " + schema);
            return new DatabaseConfig(SqlSearch.withParameter(url, "currentSchema=" + schema), "", "", POOL_SIZE, false);
        }

        @Override
        public void drop() {
            if (schema != null) {
                execute("DROP SCHEMA " + schema + " CASCADE");
                schema = null;
            }
        }

        private void execute(String sql) {
            try (var c = DriverManager.getConnection(url); var s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed on " + url + ": " + e.getMessage(), e);
            }
        }
    }
}

package org.messagebank.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pooled connection to the relational store (H2 embedded or PostgreSQL), with the schema
 * migrated by Flyway from the one migration set both engines run.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final boolean embedded;

    private Database(HikariDataSource dataSource, boolean embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /** Opens the pool without touching the schema. */
    public static Database connect(DatabaseConfig config) {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        if (!config.user().isEmpty()) {
            hikari.setUsername(config.user());
        }
        if (!config.password().isEmpty()) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setPoolName("messagebank-db");
        hikari.setAutoCommit(true);
        hikari.setInitializationFailTimeout(10_000);
        try {
            return new Database(new HikariDataSource(hikari), config.embedded());
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the database " + redact(config.url()) + ": " + rootMessage(e), e);
        }
    }

    /** Opens the pool and brings the schema up to date. */
    public static Database open(DatabaseConfig config) {
        var db = connect(config);
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Applies pending migrations; returns how many were applied. */
    public int migrate() {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new StoreException("database migration failed: " + rootMessage(e), e);
        }
    }

    /** Whether this is the embedded H2 database, which does not sync its file on commit by itself. */
    public boolean embedded() {
        return embedded;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public boolean healthy() {
        try (var c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** The URL without credentials that some drivers accept inline. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

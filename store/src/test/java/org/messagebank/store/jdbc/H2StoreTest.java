package org.messagebank.store.jdbc;

import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.StoreContract;
import org.messagebank.store.TestDatabases;

import java.nio.file.Path;
import java.sql.DriverManager;

class H2StoreTest extends StoreContract {
    @TempDir
    Path dir;
    private DatabaseConfig config;

    @Override
    protected DatabaseConfig newDatabase() {
        config = TestDatabases.h2(dir);
        return config;
    }

    @Override
    protected void tamper(String sql) throws Exception {
        try (var c = DriverManager.getConnection(config.url()); var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}

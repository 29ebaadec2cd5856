package org.messagebank.store.jdbc;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.StoreContract;
import org.messagebank.store.TestDatabases;

import java.sql.DriverManager;

class PostgresStoreTest extends StoreContract {
    private DatabaseConfig config;

    @Override
    protected DatabaseConfig newDatabase() {
        config = TestDatabases.postgresSchema();
        return config;
    }

    @Override
    protected void tamper(String sql) throws Exception {
        try (var c = DriverManager.getConnection(config.url()); var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}

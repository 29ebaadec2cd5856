package org.messagebank.store.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.ConfigLoader;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.StoreContract;
import org.messagebank.store.TestDatabases;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class H2StoreTest extends StoreContract {
    @TempDir
    Path dir;
    private DatabaseConfig config;

    @Override
    protected DatabaseConfig newDatabase() {
        config = TestDatabases.h2(dir);
        return config;
    }

    @Test
    void theEmbeddedDefaultSplitsPagesAtFourKilobytes() throws Exception {
        var embedded = ConfigLoader.load(Optional.empty(), Map.of("MB_DATA_DIR", dir.resolve("data").toString())).database();
        try (var database = Database.open(embedded); var c = database.connection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT setting_value FROM information_schema.settings WHERE setting_name = 'info.PAGE_SIZE'")) {
            rs.next();
            assertEquals("4096", rs.getString(1));
        }
    }

    @Override
    protected void tamper(String sql) throws Exception {
        try (var c = DriverManager.getConnection(config.url()); var s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}

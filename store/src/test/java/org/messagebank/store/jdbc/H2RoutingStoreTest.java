package org.messagebank.store.jdbc;

import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.RoutingStoreContract;
import org.messagebank.store.TestDatabases;

import java.nio.file.Path;

class H2RoutingStoreTest extends RoutingStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.h2(dir);
    }
}

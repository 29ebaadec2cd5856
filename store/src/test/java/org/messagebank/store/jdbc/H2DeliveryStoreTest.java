package org.messagebank.store.jdbc;

import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.DeliveryStoreContract;
import org.messagebank.store.TestDatabases;

import java.nio.file.Path;

class H2DeliveryStoreTest extends DeliveryStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.h2(dir);
    }
}

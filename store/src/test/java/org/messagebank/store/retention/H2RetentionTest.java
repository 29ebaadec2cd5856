package org.messagebank.store.retention;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.TestDatabases;

class H2RetentionTest extends RetentionContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.h2(dir.resolve("db"));
    }
}

package org.messagebank.store.retention;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.TestDatabases;

class PostgresRetentionTest extends RetentionContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.postgresSchema();
    }
}

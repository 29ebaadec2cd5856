package org.messagebank.store.jdbc;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.RoutingStoreContract;
import org.messagebank.store.TestDatabases;

class PostgresRoutingStoreTest extends RoutingStoreContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.postgresSchema();
    }
}

package org.messagebank.store.jdbc;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.DeliveryStoreContract;
import org.messagebank.store.TestDatabases;

class PostgresDeliveryStoreTest extends DeliveryStoreContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.postgresSchema();
    }
}

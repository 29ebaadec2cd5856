package org.messagebank.store.rights;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.TestDatabases;

class PostgresSubjectRightsTest extends SubjectRightsContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.postgresSchema();
    }
}

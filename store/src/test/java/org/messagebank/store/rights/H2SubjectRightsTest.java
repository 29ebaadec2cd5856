package org.messagebank.store.rights;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.TestDatabases;

class H2SubjectRightsTest extends SubjectRightsContract {
    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.h2(dir.resolve("db"));
    }
}

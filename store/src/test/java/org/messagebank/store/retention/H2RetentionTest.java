package org.messagebank.store.retention;

import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.TestDatabases;

class H2RetentionTest extends RetentionContract {
    @Override
    protected DatabaseConfig newDatabase() {
        var h2 = TestDatabases.h2(dir.resolve("db"));
        // A save held at a lock while the reaper runs (noClientIsDeletedAsEmpty...) may wait longer than
        // H2's default lock time-out of 2 s on a busy machine; PostgreSQL waits without a limit.
        return new DatabaseConfig(h2.url() + ";LOCK_TIMEOUT=60000", h2.user(), h2.password(), h2.poolSize(), h2.embedded());
    }
}

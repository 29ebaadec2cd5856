package org.messagebank.store.jdbc;

import org.junit.jupiter.api.io.TempDir;
import org.messagebank.config.DatabaseConfig;
import org.messagebank.store.TestDatabases;

import java.nio.file.Path;

class MessageDeletionTest extends MessageDeletionContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig newDatabase() {
        return TestDatabases.h2(dir);
    }
}

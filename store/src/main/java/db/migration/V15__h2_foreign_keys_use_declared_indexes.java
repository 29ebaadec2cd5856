package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.messagebank.store.jdbc.SchemaMetadata;
import org.messagebank.store.jdbc.SchemaMetadata.ForeignKey;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * On H2, a foreign key declared with its table gets an index of its own on its columns when
 * none exists yet, and an index the schema declares on the same columns afterwards (such as
 * {@code messages_call} on {@code call_id}) comes on top: every insert and every delete kept
 * both up to date. This drops each such key, with the index it owns, and declares it again as
 * it was (same columns, target and rules), which makes H2 use the declared index. The rows
 * already satisfy the key, so it is not checked again. (H2 uses only an index on exactly the
 * key's columns, so a key on {@code client_id} keeps its own index next to one on
 * {@code (client_id, id)}.) PostgreSQL never indexes a foreign key by itself: nothing to do.
 */
public class V15__h2_foreign_keys_use_declared_indexes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        for (String table : SchemaMetadata.tables(c)) {
            var indexes = SchemaMetadata.indexes(c, table);
            for (ForeignKey key : SchemaMetadata.foreignKeys(c, table)) {
                long same = indexes.values().stream().filter(columns -> columns.equals(key.columns())).count();
                if (same > 1) {
                    redeclare(c, key);
                }
            }
        }
    }

    private static void redeclare(Connection c, ForeignKey key) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("ALTER TABLE " + key.table() + " DROP CONSTRAINT " + quote(key.name()));
            s.execute("ALTER TABLE " + key.table() + " ADD CONSTRAINT " + key.table() + "_" + String.join("_", key.columns())
                    + "_fkey FOREIGN KEY (" + String.join(", ", key.columns()) + ") REFERENCES " + key.target()
                    + " (" + String.join(", ", key.targetColumns()) + ") ON DELETE " + action(key.onDelete())
                    + " ON UPDATE " + action(key.onUpdate()) + " NOCHECK");
        }
    }

    private static String action(short rule) throws SQLException {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> "CASCADE";
            case DatabaseMetaData.importedKeySetNull -> "SET NULL";
            case DatabaseMetaData.importedKeySetDefault -> "SET DEFAULT";
            case DatabaseMetaData.importedKeyRestrict -> "RESTRICT";
            case DatabaseMetaData.importedKeyNoAction -> "NO ACTION";
            default -> throw new SQLException("unknown referential action " + rule);
        };
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}

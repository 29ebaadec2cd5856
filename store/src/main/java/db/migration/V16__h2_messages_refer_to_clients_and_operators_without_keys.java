package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.messagebank.store.jdbc.SchemaMetadata;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * On H2, drops the foreign keys of {@code messages.client_id} and {@code messages.operator_id},
 * and with them the indexes H2 gave them (ADR 14). H2 keeps a key's rows in an index on exactly
 * the key's columns, so the key on {@code client_id} kept a second B-tree keyed by client next
 * to {@code messages_client_id (client_id, id)}: every capture and every deletion changed a page
 * of each per client touched. The store checks both references when it saves a message.
 * PostgreSQL keeps both keys: it adds no index for a key.
 */
public class V16__h2_messages_refer_to_clients_and_operators_without_keys extends BaseJavaMigration {
    private static final List<List<String>> DROPPED = List.of(List.of("client_id"), List.of("operator_id"));

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        for (var key : SchemaMetadata.foreignKeys(c, "messages")) {
            if (DROPPED.contains(key.columns())) {
                try (var s = c.createStatement()) {
                    s.execute("ALTER TABLE messages DROP CONSTRAINT \"" + key.name().replace("\"", "\"\"") + "\"");
                }
            }
        }
    }
}

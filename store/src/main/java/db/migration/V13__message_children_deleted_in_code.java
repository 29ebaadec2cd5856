package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's dispatches and escalation are deleted with it by the code that deletes messages,
 * one statement per table for a whole batch, instead of by {@code ON DELETE CASCADE}: H2 runs a
 * cascade as a statement it parses again for every deleted row, which was the largest single
 * cost of reaping expired messages. The keys stay, without the cascade, so a dispatch or an
 * escalation still cannot point at a message that is gone.
 *
 * <p>A Java migration because the constraints were created unnamed, and H2 and PostgreSQL name
 * them differently: the names are read from the driver's metadata.
 */
public class V13__message_children_deleted_in_code extends BaseJavaMigration {
    private static final List<String> CHILDREN = List.of("dispatches", "escalations");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        for (String table : CHILDREN) {
            for (String name : keysToMessages(c, table)) {
                try (var s = c.createStatement()) {
                    s.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + name.replace("\"", "\"\"") + "\"");
                }
            }
            try (var s = c.createStatement()) {
                s.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + table + "_message_fk FOREIGN KEY (message_id) REFERENCES messages (id)");
            }
        }
    }

    /** The names of the table's foreign keys on {@code message_id} that reference {@code messages}. */
    private static List<String> keysToMessages(Connection c, String table) throws SQLException {
        var names = new ArrayList<String>();
        try (var keys = c.getMetaData().getImportedKeys(c.getCatalog(), c.getSchema(), table)) {
            while (keys.next()) {
                if ("messages".equalsIgnoreCase(keys.getString("PKTABLE_NAME"))
                        && "message_id".equalsIgnoreCase(keys.getString("FKCOLUMN_NAME"))) {
                    names.add(keys.getString("FK_NAME"));
                }
            }
        }
        if (names.isEmpty()) {
            throw new SQLException("no foreign key from " + table + ".message_id to messages was found to replace");
        }
        return names;
    }
}

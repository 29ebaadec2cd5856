package org.messagebank.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tables, indexes and foreign keys of the connection's schema, as the driver's metadata describes them (H2 and PostgreSQL). */
public final class SchemaMetadata {
    /**
     * One foreign key: its columns and the target's, in key order, and its referential actions as
     * {@link java.sql.DatabaseMetaData} codes ({@code importedKeyCascade}, ...).
     */
    public record ForeignKey(String name, String table, List<String> columns, String target, List<String> targetColumns,
                             short onUpdate, short onDelete) {
    }

    private SchemaMetadata() {
    }

    /** The names of the schema's tables. */
    public static List<String> tables(Connection c) throws SQLException {
        var tables = new ArrayList<String>();
        try (var rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"BASE TABLE", "TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    /** Each index of the table, by name, with its columns in order. */
    public static Map<String, List<String>> indexes(Connection c, String table) throws SQLException {
        var indexes = new LinkedHashMap<String, List<String>>();
        try (var rs = c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, true)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null && rs.getString("COLUMN_NAME") != null) {
                    indexes.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return indexes;
    }

    /** The table's foreign keys, each with its columns in key order. */
    public static List<ForeignKey> foreignKeys(Connection c, String table) throws SQLException {
        var keys = new LinkedHashMap<String, ForeignKey>();
        try (var rs = c.getMetaData().getImportedKeys(c.getCatalog(), c.getSchema(), table)) {
            while (rs.next()) {
                String name = rs.getString("FK_NAME");
                var key = keys.get(name);
                if (key == null) {
                    key = new ForeignKey(name, table, new ArrayList<>(), rs.getString("PKTABLE_NAME"), new ArrayList<>(),
                            rs.getShort("UPDATE_RULE"), rs.getShort("DELETE_RULE"));
                    keys.put(name, key);
                }
                key.columns().add(rs.getString("FKCOLUMN_NAME"));
                key.targetColumns().add(rs.getString("PKCOLUMN_NAME"));
            }
        }
        return keys.values().stream().map(k -> new ForeignKey(k.name(), table, List.copyOf(k.columns()), k.target(),
                List.copyOf(k.targetColumns()), k.onUpdate(), k.onDelete())).toList();
    }
}

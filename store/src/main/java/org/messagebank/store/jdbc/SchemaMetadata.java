package org.messagebank.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tables and indexes of the connection's schema, as the driver's metadata describes them (H2 and PostgreSQL). */
public final class SchemaMetadata {
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
}

package org.messagebank.config;

import java.nio.file.Path;

/**
 * The database. {@link #toString()} hides the password.
 *
 * @param url      JDBC URL; when {@code database.url} is empty, the embedded H2 database under
 *                 the data directory
 * @param user     user name, possibly empty ({@code database.user})
 * @param password password, possibly empty ({@code database.password}); never print it
 * @param poolSize maximum pooled connections ({@code database.pool-size})
 * @param embedded whether the URL is an H2 one, so the database runs inside the server
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, boolean embedded) {

    /**
     * The H2 settings of the embedded database: PostgreSQL's dialect and identifiers, so one set
     * of SQL serves both; the database stays open while the server runs; and B-tree pages split
     * at 4 KB instead of H2's 16 KB, so a commit rewrites smaller pages (ADR 13).
     */
    public static final String EMBEDDED_SETTINGS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;PAGE_SIZE=4096";

    /** The URL of an embedded database in {@code file} (H2 adds {@code .mv.db}), with {@link #EMBEDDED_SETTINGS}. */
    public static String embeddedUrl(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath().normalize() + EMBEDDED_SETTINGS;
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "(value hidden)")
                + ", poolSize=" + poolSize + ", embedded=" + embedded + "]";
    }
}

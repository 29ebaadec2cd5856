package org.messagebank.config;

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

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "(value hidden)")
                + ", poolSize=" + poolSize + ", embedded=" + embedded + "]";
    }
}

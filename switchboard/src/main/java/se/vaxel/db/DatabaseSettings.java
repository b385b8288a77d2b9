package se.vaxel.db;

import java.time.Duration;

/**
 * Where the database is: {@code VAXEL_DB_URL} (default: an H2 file under {@code ./vaxel-data}),
 * {@code VAXEL_DB_USER}, {@code VAXEL_DB_PASSWORD} (from the environment or the config file, never code) and
 * {@code VAXEL_DB_POOL_SIZE}.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectTimeout) {

    public static final String EMBEDDED_URL = "jdbc:h2:file:./vaxel-data/vaxel";

    public DatabaseSettings {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("VAXEL_DB_URL must be a JDBC URL (jdbc:postgresql://... or jdbc:h2:...), not '" + url + "'");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("VAXEL_DB_POOL_SIZE must be at least 1");
        }
    }

    /** The URL without anything that may be a credential (query parameters, user info). */
    public String redactedUrl() {
        String u = url.replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
        return u.replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + redactedUrl() + ", user=" + user + ", pool=" + poolSize + "]";
    }
}

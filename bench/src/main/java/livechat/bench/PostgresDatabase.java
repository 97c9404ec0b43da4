package livechat.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for one benchmark run, made on the PostgreSQL server of a JDBC URL and dropped at
 * {@link #close()}; the URL's own database is only connected to for that.
 */
final class PostgresDatabase implements AutoCloseable {

    /** How a PostgreSQL JDBC URL begins. */
    static final String SCHEME = "jdbc:postgresql:";
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

    private final String server;
    private final String name;
    private final String url;

    private PostgresDatabase(String server, String name, String url) {
        this.server = server;
        this.name = name;
        this.url = url;
    }

    static PostgresDatabase create(String server) {
        Matcher url = URL.matcher(server);
        if (!url.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + server);
        }
        String name = "livechat_bench_" + UUID.randomUUID().toString().replace("-", "");
        administer(server, "CREATE DATABASE " + name);
        return new PostgresDatabase(server, name, url.group(1) + name + url.group(3));
    }

    /** The JDBC URL of the run's database, with the server URL's parameters. */
    String url() {
        return url;
    }

    @Override
    public void close() {
        administer(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void administer(String server, String statement) {
        try (Connection connection = DriverManager.getConnection(server)) {
            connection.createStatement().execute(statement);
        } catch (SQLException e) {
            // The URL may carry credentials: name the server's address alone.
            throw new IllegalStateException(statement + " on " + URL.matcher(server).replaceAll("$1...") + ": "
                    + e.getMessage(), e);
        }
    }
}

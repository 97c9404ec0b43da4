package livechat.eventstore.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A schema of its own on the PostgreSQL server {@code LIVECHAT_TEST_POSTGRES} names (a JDBC URL), created empty and
 * dropped with everything in it on {@link #close()}, so tests on one server never see each other's rows. Tests that
 * use it run only when the variable is set ({@code @EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE,
 * matches = ".+")}).
 */
public final class TestPostgres implements AutoCloseable {

    public static final String VARIABLE = "LIVECHAT_TEST_POSTGRES";

    private final String server;
    private final String schema;
    private HikariDataSource dataSource;

    private TestPostgres(String server, String schema) {
        this.server = server;
        this.schema = schema;
    }

    /** A fresh, empty schema on the server. */
    public static TestPostgres create() {
        String server = System.getenv(VARIABLE);
        if (server == null || server.isBlank()) {
            throw new IllegalStateException(VARIABLE + " names no PostgreSQL server");
        }
        TestPostgres postgres = new TestPostgres(server, "livechat_test_" + UUID.randomUUID().toString()
                .replace("-", ""));
        postgres.execute("CREATE SCHEMA " + postgres.schema);
        return postgres;
    }

    /** The server's URL with this schema as the current one: what a server or tool under test is given. */
    public String url() {
        return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** {@link #url()} with its host and port replaced: the same database, reached through a relay on {@code port}. */
    public String urlVia(int port) {
        URI server = URI.create(url().substring("jdbc:".length()));
        try {
            return "jdbc:" + new URI(server.getScheme(), null, "127.0.0.1", port, server.getPath(),
                    server.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's address (PostgreSQL's port when the URL names none). */
    public InetSocketAddress address() {
        URI server = URI.create(url().substring("jdbc:".length()));
        return new InetSocketAddress(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
    }

    /** A pool on {@link #url()}, closed with this. */
    public synchronized HikariDataSource dataSource() {
        if (dataSource == null) {
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(url());
            dataSource.setMaximumPoolSize(4);
        }
        return dataSource;
    }

    @Override
    public synchronized void close() {
        if (dataSource != null) {
            dataSource.close();
        }
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(server);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + server + ": " + sql + " failed", e);
        }
    }
}

package livechat.eventstore.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The engine's connections, handed out only once the PostgreSQL schema is current ({@link PostgresEventSchema}), so a
 * server can start while the database is down: the migration runs when the engine first reaches it, and until then
 * every call fails as a lost database does, which the server answers with 503.
 */
final class SchemaBeforeFirstUse implements ConnectionProvider {

    private final ConnectionProvider connections;
    private final DataSource dataSource;
    private volatile boolean current;

    SchemaBeforeFirstUse(ConnectionProvider connections, DataSource dataSource) {
        this.connections = connections;
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!current) {
            migrate();
        }
        return connections.getConnection();
    }

    private synchronized void migrate() throws SQLException {
        if (current) {
            return;
        }
        try {
            PostgresEventSchema.migrate(unpooled(dataSource));
        } catch (FlywayException e) {
            if (SqlFailures.lostTheDatabase(e)) {
                throw new SQLTransientConnectionException("the event store's database cannot be reached to bring "
                        + "its schema current: " + e.getMessage(), e);
            }
            throw new SQLException("the event store's schema cannot be brought current: " + e.getMessage(), e);
        }
        current = true;
    }

    /**
     * The migration's own connections, outside the pool: every caller that waits for it may already hold a pooled
     * connection in its transaction, and a migration waiting for one more would wait as long as they do.
     */
    private static DataSource unpooled(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource pool)) {
            return dataSource;
        }
        PGSimpleDataSource direct = new PGSimpleDataSource();
        direct.setURL(pool.getJdbcUrl());
        if (pool.getUsername() != null && !pool.getUsername().isEmpty()) {
            direct.setUser(pool.getUsername());
        }
        if (pool.getPassword() != null && !pool.getPassword().isEmpty()) {
            direct.setPassword(pool.getPassword());
        }
        direct.setConnectTimeout((int) Math.max(1, pool.getConnectionTimeout() / 1000));
        return direct;
    }
}

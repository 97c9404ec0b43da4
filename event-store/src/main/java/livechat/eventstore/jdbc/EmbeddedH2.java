package livechat.eventstore.jdbc;

import org.h2.engine.Database;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** The H2 database a data source opened in this process, for what only its owner may do to it. */
final class EmbeddedH2 {

    private EmbeddedH2() {
    }

    /**
     * The database behind {@code dataSource}; empty for another database, or one another process serves (then this
     * process holds a remote session and no file).
     */
    static Optional<Database> of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)) {
                return Optional.empty();
            }
            Session session = connection.unwrap(JdbcConnection.class).getSession();
            return session instanceof SessionLocal local ? Optional.of(local.getDatabase()) : Optional.empty();
        }
    }
}

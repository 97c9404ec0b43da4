package livechat.tools.migrate;

import com.zaxxer.hikari.HikariDataSource;
import livechat.eventstore.jdbc.JdbcEventStore;
import livechat.eventstore.jdbc.ProtectedH2File;
import livechat.eventstore.kurrent.KurrentConnection;
import livechat.eventstore.kurrent.KurrentEventStorageEngine;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens an event store by its location: a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL, or an {@code esdb://} /
 * {@code kurrentdb://} string.
 */
final class EventStores {

    /** An open store; closing it releases its connection. */
    record OpenStore(EventStorageEngine engine, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    private EventStores() {
    }

    static OpenStore open(String location, Serializer serializer) {
        if (KurrentConnection.isConnectionString(location)) {
            KurrentConnection connection = new KurrentConnection(location, Duration.ofSeconds(10));
            return new OpenStore(KurrentEventStorageEngine.builder().connection(connection)
                    .eventSerializer(serializer).snapshotSerializer(serializer).build(), connection);
        }
        if (location.startsWith("jdbc:h2:") || location.startsWith("jdbc:postgresql:")) {
            // A pool keeps the database open between appends; reopening it per append is slow.
            HikariDataSource pool = new HikariDataSource();
            if (location.startsWith("jdbc:h2:")) {
                pool.setJdbcUrl(location.contains("DB_CLOSE_ON_EXIT") ? location : location + ";DB_CLOSE_ON_EXIT=FALSE");
                Path database = ProtectedH2File.databaseOf(location);
                pool.setUsername(ProtectedH2File.USER);
                pool.setPassword(database == null ? "" : ProtectedH2File.password(database));
            } else {
                // PostgreSQL's user and password are the URL's own parameters.
                pool.setJdbcUrl(location);
            }
            // Each append is one JDBC batch in auto-commit mode, so an interruption leaves a prefix of the log.
            return new OpenStore(JdbcEventStore.engine(pool, new DataSourceConnectionProvider(pool),
                    NoTransactionManager.INSTANCE, serializer), pool);
        }
        throw new IllegalArgumentException("Unsupported event store: " + location
                + " (expected jdbc:h2:..., jdbc:postgresql://..., esdb://... or kurrentdb://...)");
    }
}

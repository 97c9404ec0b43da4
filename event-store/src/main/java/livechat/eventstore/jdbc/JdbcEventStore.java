package livechat.eventstore.jdbc;

import livechat.events.serialization.EventSerialization;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Axon's JDBC engine, on the embedded H2 file database (tables created on first use) or on PostgreSQL (tables
 * migrated by {@link PostgresEventSchema}): the same engine with the same table and column names on either. Events
 * are written with {@code serializer}, snapshots always with {@link EventSerialization#snapshotSerializer()}.
 */
public final class JdbcEventStore {

    private static final String H2 = "H2";
    private static final String POSTGRESQL = "PostgreSQL";

    private JdbcEventStore() {
    }

    /**
     * The engine on the database {@code dataSource} connects to, H2 or PostgreSQL, with its tables made ready first;
     * {@code connections} and {@code transactions} reach that same database.
     */
    public static JdbcEventStorageEngine engine(DataSource dataSource, ConnectionProvider connections,
                                                TransactionManager transactions, Serializer serializer) {
        return engine(dataSource, connections, transactions, serializer, NoOpEventUpcaster.INSTANCE);
    }

    public static JdbcEventStorageEngine engine(DataSource dataSource, ConnectionProvider connections,
                                                TransactionManager transactions, Serializer serializer,
                                                EventUpcaster upcasters) {
        String database = productOf(dataSource);
        return switch (database) {
            case H2 -> h2Engine(connections, transactions, serializer, upcasters);
            case POSTGRESQL -> {
                PostgresEventSchema.migrate(dataSource);
                yield checkedEngine(connections, transactions, serializer, upcasters);
            }
            default -> throw new IllegalArgumentException("an event store on " + database
                    + " is not supported: H2 or PostgreSQL");
        };
    }

    /**
     * The engine on the PostgreSQL database {@code dataSource} connects to, which need not be reachable yet: its
     * schema is brought current when the engine first reaches it ({@link SchemaBeforeFirstUse}).
     */
    public static JdbcEventStorageEngine postgresEngine(DataSource dataSource, ConnectionProvider connections,
                                                        TransactionManager transactions, Serializer serializer) {
        return checkedEngine(new SchemaBeforeFirstUse(connections, dataSource), transactions, serializer,
                NoOpEventUpcaster.INSTANCE);
    }

    public static JdbcEventStorageEngine h2Engine(ConnectionProvider connections, TransactionManager transactions,
                                                  Serializer serializer) {
        return h2Engine(connections, transactions, serializer, NoOpEventUpcaster.INSTANCE);
    }

    public static JdbcEventStorageEngine h2Engine(ConnectionProvider connections, TransactionManager transactions,
                                                  Serializer serializer, EventUpcaster upcasters) {
        JdbcEventStorageEngine engine = checkedEngine(connections, transactions, serializer, upcasters);
        engine.createSchema(H2EventTableFactory.INSTANCE);
        return engine;
    }

    private static String productOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the event store's database: " + e.getMessage(), e);
        }
    }

    private static JdbcEventStorageEngine checkedEngine(ConnectionProvider connections,
                                                        TransactionManager transactions, Serializer serializer,
                                                        EventUpcaster upcasters) {
        return new CheckedJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .snapshotSerializer(EventSerialization.snapshotSerializer())
                .eventSerializer(serializer)
                .persistenceExceptionResolver(new DuplicateKeyResolver())
                .upcasterChain(upcasters)
                .dataType(byte[].class), transactions);
    }
}

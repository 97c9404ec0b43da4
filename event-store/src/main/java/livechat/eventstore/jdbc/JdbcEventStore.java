package livechat.eventstore.jdbc;

import livechat.events.serialization.EventSerialization;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;

/**
 * The embedded event store: Axon's JDBC engine on an H2 file database, tables created on first use. Events are
 * written with {@code serializer}, snapshots always with {@link EventSerialization#snapshotSerializer()}.
 */
public final class JdbcEventStore {

    private JdbcEventStore() {
    }

    public static JdbcEventStorageEngine h2Engine(ConnectionProvider connections, TransactionManager transactions,
                                                  Serializer serializer) {
        return h2Engine(connections, transactions, serializer, NoOpEventUpcaster.INSTANCE);
    }

    public static JdbcEventStorageEngine h2Engine(ConnectionProvider connections, TransactionManager transactions,
                                                  Serializer serializer, EventUpcaster upcasters) {
        JdbcEventStorageEngine engine = engine(connections, transactions, serializer, upcasters);
        engine.createSchema(H2EventTableFactory.INSTANCE);
        return engine;
    }

    private static JdbcEventStorageEngine engine(ConnectionProvider connections, TransactionManager transactions,
                                         Serializer serializer, EventUpcaster upcasters) {
        return new CheckedJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .snapshotSerializer(EventSerialization.snapshotSerializer())
                .eventSerializer(serializer)
                .persistenceExceptionResolver(new DuplicateKeyResolver())
                .upcasterChain(upcasters)
                .dataType(byte[].class));
    }
}

package livechat.events.store.jdbc;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;

/** The embedded event store: Axon's JDBC engine on an H2 file database, tables created on first use. */
public final class JdbcEventStore {

    private JdbcEventStore() {
    }

    public static JdbcEventStorageEngine h2Engine(ConnectionProvider connections, TransactionManager transactions,
                                                  Serializer serializer) {
        return h2Engine(connections, transactions, serializer, NoOpEventUpcaster.INSTANCE);
    }

    public static JdbcEventStorageEngine h2Engine(ConnectionProvider connections, TransactionManager transactions,
                                                  Serializer serializer, EventUpcaster upcasters) {
        PersistenceExceptionResolver duplicateKeys = new DuplicateKeyResolver();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(transactions)
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .persistenceExceptionResolver(duplicateKeys)
                .upcasterChain(upcasters)
                .dataType(byte[].class)
                .build();
        engine.createSchema(H2EventTableFactory.INSTANCE);
        return engine;
    }
}

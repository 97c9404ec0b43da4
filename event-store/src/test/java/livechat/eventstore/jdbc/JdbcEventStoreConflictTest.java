package livechat.eventstore.jdbc;

import livechat.events.serialization.EventSerialization;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two writers at the same place in one aggregate's stream: the second learns it lost a race, not that the store broke. */
class JdbcEventStoreConflictTest {

    private JdbcEventStorageEngine engine;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        engine = JdbcEventStore.h2Engine(new DataSourceConnectionProvider(h2), NoTransactionManager.INSTANCE,
                EventSerialization.serializer());
    }

    private static GenericDomainEventMessage<String> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregateId, sequence, "payload-" + sequence);
    }

    @Test
    void creatingAnExistingStreamIsAStreamCreationConflict() {
        engine.appendEvents(List.of(event("a-1", 0)));
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a-1", 0))))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void appendingAtATakenSequenceIsAConcurrencyConflict() {
        engine.appendEvents(List.of(event("a-1", 0), event("a-1", 1)));
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a-1", 1), event("a-1", 2))))
                .isInstanceOf(ConcurrencyException.class);
    }
}

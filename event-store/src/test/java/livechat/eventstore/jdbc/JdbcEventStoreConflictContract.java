package livechat.eventstore.jdbc;

import livechat.events.serialization.EventSerialization;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two writers at the same place in one aggregate's stream: the second learns it lost a race, not that the store
 * broke; nothing of its append is kept, and its refusal leaves no hole in the log's global index for every reader to
 * carry as a gap.
 */
abstract class JdbcEventStoreConflictContract {

    protected JdbcEventStorageEngine engine;
    protected TransactionManager transactions;

    /** A data source on an empty database of the kind under test. */
    protected abstract DataSource database();

    protected void closeDatabase() {
    }

    @BeforeEach
    void setUp() {
        DataSource database = database();
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(database));
        engine = JdbcEventStore.engine(database, new SpringDataSourceConnectionProvider(database), transactions,
                EventSerialization.serializer());
    }

    @AfterEach
    void tearDown() {
        closeDatabase();
    }

    protected static GenericDomainEventMessage<String> event(String aggregateId, long sequence) {
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

    @Test
    void aRefusedAppendLeavesNoGapInTheLog() {
        engine.appendEvents(List.of(event("a-1", 0), event("a-1", 1)));

        assertThatThrownBy(() -> engine.appendEvents(List.of(event("a-1", 1), event("a-1", 2))))
                .isInstanceOf(ConcurrencyException.class);
        engine.appendEvents(List.of(event("c-1", 0)));

        List<? extends TrackedEventMessage<?>> log = engine.readEvents(null, false).toList();
        assertThat(log).extracting(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                .containsExactly("a-1", "a-1", "c-1");
        GapAwareTrackingToken last = (GapAwareTrackingToken) log.get(2).trackingToken();
        assertThat(last.getGaps()).isEmpty();
        assertThat(last.getIndex() - ((GapAwareTrackingToken) log.get(0).trackingToken()).getIndex()).isEqualTo(2);
    }

    @Test
    void anAppendRefusedForOneOfItsEventsKeepsNoneOfThem() {
        engine.appendEvents(List.of(event("a-1", 0), event("a-1", 1)));

        // The first event's place is free, the second's taken.
        assertThatThrownBy(() -> engine.appendEvents(List.of(event("b-1", 0), event("a-1", 1))))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(engine.readEvents(null, false).toList())
                .extracting(event -> ((DomainEventMessage<?>) event).getAggregateIdentifier())
                .containsExactly("a-1", "a-1");
        assertThat(engine.readEvents("b-1").asStream()).isEmpty();
    }
}

package livechat.bench;

import livechat.events.serialization.EventSerialization;
import livechat.eventstore.jdbc.JdbcEventStore;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Appends that share a commit land whole and in their streams' order; a conflicting one fails alone. */
class GroupCommitTest {

    private GroupCommit store;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = GroupCommit.h2(new DataSourceConnectionProvider(h2),
                NoTransactionManager.INSTANCE, h2, EventSerialization.serializer());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private static GenericDomainEventMessage<String> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("Test", aggregateId, sequence, "payload-" + sequence);
    }

    @Test
    void concurrentAppendsAreAllStored() {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> appends = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                String aggregate = "a-" + writer;
                appends.add(CompletableFuture.runAsync(() -> {
                    for (long sequence = 0; sequence < 50; sequence++) {
                        store.appendEvents(List.of(event(aggregate, sequence)));
                    }
                }, writers));
            }
            appends.forEach(CompletableFuture::join);
        } finally {
            writers.shutdown();
        }
        for (int writer = 0; writer < 8; writer++) {
            assertThat(store.readEvents("a-" + writer).asStream().map(e -> e.getSequenceNumber()))
                    .containsExactlyElementsOf(LongStream.range(0, 50).boxed().toList());
        }
    }

    @Test
    void aConflictFailsOnlyItsOwnAppend() {
        store.appendEvents(List.of(event("a-1", 0), event("a-1", 1)));
        assertThatThrownBy(() -> store.appendEvents(List.of(event("a-1", 1))))
                .isInstanceOf(ConcurrencyException.class);
        store.appendEvents(List.of(event("a-1", 2), event("a-2", 0)));
        assertThat(store.readEvents("a-1").asStream()).hasSize(3);
        assertThat(store.readEvents("a-2").asStream()).hasSize(1);
    }
}

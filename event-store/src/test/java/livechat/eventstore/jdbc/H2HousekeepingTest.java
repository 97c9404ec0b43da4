package livechat.eventstore.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.Greeted;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded event store's file, with the server's settings (every commit written at once), stays about as large
 * as its data while it runs: without housekeeping 40,000 events of about 600 bytes, one commit each, took about
 * 39 KB an event (with it, about 5 KB, falling as the log grows).
 */
class H2HousekeepingTest {

    private static final int EVENTS = 40_000;
    /** Generous: a busy machine compacts a little later; a chunk per commit kept is four times this. */
    private static final long MOST_BYTES_PER_EVENT = 9 * 1024;

    @Test
    void theFileDoesNotGrowByAChunkPerCommit(@TempDir Path data) throws Exception {
        Path file = data.resolve("events.mv.db");
        try (HikariDataSource h2 = new HikariDataSource()) {
            h2.setJdbcUrl("jdbc:h2:file:" + data.resolve("events") + ";WRITE_DELAY=0");
            h2.setMaximumPoolSize(2);
            JdbcEventStorageEngine engine = JdbcEventStore.h2Engine(new DataSourceConnectionProvider(h2),
                    NoTransactionManager.INSTANCE, EventSerialization.serializer());
            try (H2Housekeeping housekeeping = H2Housekeeping.start(h2)) {
                String text = "x".repeat(500);
                for (int i = 0; i < EVENTS; i++) {
                    engine.appendEvents(new GenericDomainEventMessage<>("Greeting", "g-" + i % 100, i / 100,
                            new Greeted(text)));
                }
                long running = Files.size(file);
                System.out.printf("%,d bytes for %,d events: %,d a event while running%n", running, EVENTS,
                        running / EVENTS);
                assertThat(running / EVENTS).isLessThanOrEqualTo(MOST_BYTES_PER_EVENT);
            }
        }
    }
}

package livechat.eventstore.jdbc;

import livechat.eventstore.AppendedSequences;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.util.List;

/**
 * Axon's JDBC engine, refusing an append whose sequences do not follow one another before it writes anything, and
 * reporting an append that lost its database (a server down or restarting) as the transient failure it is, so the
 * client is told to try again rather than that the store broke.
 */
final class CheckedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    CheckedJdbcEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        AppendedSequences.check(events);
        super.appendEvents(events, serializer);
    }

    @Override
    protected void handlePersistenceException(Exception exception, EventMessage<?> failedEvent) {
        if (SqlFailures.lostTheDatabase(exception)) {
            throw new JdbcException("the event store's database cannot be reached; event " + failedEvent.getIdentifier()
                    + " was not stored", exception);
        }
        super.handlePersistenceException(exception, failedEvent);
    }
}

package livechat.eventstore.jdbc;

import livechat.eventstore.AppendedSequences;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.util.List;

/** Axon's JDBC engine, refusing an append whose sequences do not follow one another before it writes anything. */
final class CheckedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    CheckedJdbcEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        AppendedSequences.check(events);
        super.appendEvents(events, serializer);
    }
}

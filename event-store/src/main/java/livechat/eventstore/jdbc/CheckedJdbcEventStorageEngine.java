package livechat.eventstore.jdbc;

import livechat.eventstore.AppendedSequences;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Axon's JDBC engine, refusing an append whose sequences do not follow one another before it writes anything, and
 * reporting an append that lost its database (a server down or restarting) as the transient failure it is, so the
 * client is told to try again rather than that the store broke.
 * <p>
 * An event is inserted only if its aggregate's stream is still free where the append begins, so an append that
 * comes after another writer's (a node deciding on its cached aggregate, say) is refused without drawing a global
 * index: a failed insert would use one up, and every reader of the log would then carry that hole in its token as a
 * gap until it times out (a minute), querying for it and storing it with its position on every batch. An append
 * refused for one aggregate may still have drawn indexes for the events of another it carried. The unique
 * constraint still refuses the writer that loses a race with one not yet committed. Either way the append is a
 * concurrency conflict, and nothing of it is kept.
 */
final class CheckedJdbcEventStorageEngine extends JdbcEventStorageEngine {

    private final TransactionManager transactions;

    /** {@code transactions} is the builder's own transaction manager. */
    CheckedJdbcEventStorageEngine(Builder builder, TransactionManager transactions) {
        super(builder);
        this.transactions = transactions;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        AppendedSequences.check(events);
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            int[] inserted = JdbcUtils.executeBatch(getConnection(),
                    connection -> appendEvents(connection, events, serializer),
                    e -> handlePersistenceException(e, events.get(0)));
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] == 0) {
                    // Rolls the whole append back, as the constraint's refusal would.
                    handlePersistenceException(new SQLIntegrityConstraintViolationException(
                            "the aggregate's sequence is taken", "23505"), events.get(i));
                }
            }
        });
    }

    @Override
    protected PreparedStatement appendEvents(Connection connection, List<? extends EventMessage<?>> events,
                                             Serializer serializer) throws SQLException {
        EventSchema schema = schema();
        PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.domainEventTable()
                + " (" + schema.domainEventFields() + ") SELECT ?,?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM "
                + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND "
                + schema.sequenceNumberColumn() + " = ? AND " + schema.eventIdentifierColumn() + " <> ?)");
        Map<String, DomainEventMessage<?>> firsts = new HashMap<>();
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain ? domain
                    : new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message,
                    message::getTimestamp);
            DomainEventMessage<?> first = firsts.computeIfAbsent(event.getAggregateIdentifier(), id -> event);
            // The engine stores bytes (JdbcEventStore builds it with byte[] as its data type).
            SerializedObject<?> payload = event.serializePayload(serializer, byte[].class);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, byte[].class);
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, metaData.getData());
            // The place of its aggregate's first event in this append is free, or that event took it: every event
            // of an append that lost its aggregate's race is refused before it draws an index, with one lookup in the
            // unique index. A later place is never taken while the first is free: a stream has no holes.
            statement.setString(10, event.getAggregateIdentifier());
            statement.setLong(11, first.getSequenceNumber());
            statement.setString(12, first.getIdentifier());
            statement.addBatch();
        }
        return statement;
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

package livechat.eventstore.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import livechat.events.audit.StoredEvents;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.jdbc.JdbcEventStore;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The audit chain on Axon's JDBC engine, tampered with through SQL on its event table: on the embedded H2 database
 * here, on another database by a subclass that supplies it.
 */
class JdbcAuditChainTest extends AuditChainContract {

    private static final String WHERE = " WHERE aggregateIdentifier = ? AND sequenceNumber = ?";
    private DataSource dataSource;
    private JdbcTemplate sql;

    /** A fresh, empty database. */
    protected DataSource createDataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @Override
    protected EventStorageEngine createRawEngine() {
        dataSource = createDataSource();
        sql = new JdbcTemplate(dataSource);
        return JdbcEventStore.engine(dataSource, new SpringDataSourceConnectionProvider(dataSource),
                new SpringTransactionManager(new DataSourceTransactionManager(dataSource)),
                EventSerialization.serializer());
    }

    @Override
    protected StoredEvents stored() {
        return new JdbcStoredEvents(dataSource);
    }

    @Override
    protected void editPayload(String aggregateId, long sequence, UnaryOperator<byte[]> edit) {
        byte[] payload = sql.queryForObject("SELECT payload FROM DomainEventEntry" + WHERE, byte[].class,
                aggregateId, sequence);
        sql.update("UPDATE DomainEventEntry SET payload = ?" + WHERE, edit.apply(payload), aggregateId, sequence);
    }

    @Override
    protected void editMetaData(String aggregateId, long sequence, UnaryOperator<ObjectNode> edit) {
        byte[] metaData = sql.queryForObject("SELECT metaData FROM DomainEventEntry" + WHERE, byte[].class,
                aggregateId, sequence);
        try {
            byte[] changed = JSON.writeValueAsBytes(edit.apply((ObjectNode) JSON.readTree(metaData)));
            sql.update("UPDATE DomainEventEntry SET metaData = ?" + WHERE, changed, aggregateId, sequence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void shiftTimestamp(String aggregateId, long sequence) {
        String stored = sql.queryForObject("SELECT timeStamp FROM DomainEventEntry" + WHERE, String.class,
                aggregateId, sequence);
        sql.update("UPDATE DomainEventEntry SET timeStamp = ?" + WHERE,
                Instant.parse(stored).plusSeconds(1).toString(), aggregateId, sequence);
    }

    @Override
    protected void delete(String aggregateId, long sequence) {
        sql.update("DELETE FROM DomainEventEntry" + WHERE, aggregateId, sequence);
    }

    @Override
    protected void swap(String aggregateId, long first, long second) {
        sql.update("UPDATE DomainEventEntry SET sequenceNumber = -1" + WHERE, aggregateId, first);
        sql.update("UPDATE DomainEventEntry SET sequenceNumber = ?" + WHERE, first, aggregateId, second);
        sql.update("UPDATE DomainEventEntry SET sequenceNumber = ?" + WHERE, second, aggregateId, -1L);
    }

    @Override
    protected void closeStore() {
        sql.execute("SHUTDOWN");
    }
}

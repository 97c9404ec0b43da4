package livechat.eventstore.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import livechat.events.audit.StoredEvent;
import livechat.events.audit.StoredEvents;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads events from Axon's JDBC event table as stored, payload bytes untouched, so a verification sees exactly what
 * a tamperer would have changed (the engine's own reads deserialize, and a re-serialization could hide a change
 * that still parses, or fail on one that does not).
 */
public final class JdbcStoredEvents implements StoredEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;
    private final String query;

    public JdbcStoredEvents(DataSource dataSource) {
        this.dataSource = dataSource;
        EventSchema schema = EventSchema.builder().build();
        query = "SELECT " + String.join(", ", schema.globalIndexColumn(), schema.sequenceNumberColumn(),
                schema.eventIdentifierColumn(), schema.payloadTypeColumn(), schema.payloadColumn(),
                schema.timestampColumn(), schema.metaDataColumn())
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ?"
                + " ORDER BY " + schema.sequenceNumberColumn();
    }

    @Override
    public List<StoredEvent> read(String aggregateId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, aggregateId);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    byte[] metaData = rows.getBytes(7);
                    events.add(StoredEvent.of(rows.getLong(1), aggregateId, rows.getLong(2), rows.getString(3),
                            rows.getString(4), rows.getBytes(5), rows.getString(6),
                            metaData == null ? null : JSON.readTree(metaData)));
                }
            }
            return events;
        } catch (IOException e) {
            throw new IllegalStateException("an event of " + aggregateId + " has metadata that is not JSON", e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the events of " + aggregateId + " from the event store", e);
        }
    }
}

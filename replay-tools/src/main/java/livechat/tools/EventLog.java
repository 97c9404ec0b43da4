package livechat.tools;

import livechat.events.conversation.ConversationEvent;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Questions about the whole JDBC event log, answered in SQL over Axon's event table. */
final class EventLog {

    private static final EventSchema SCHEMA = EventSchema.builder().build();
    private static final String TABLE = SCHEMA.domainEventTable();

    private final DataSource dataSource;

    EventLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every conversation that has events, in the order they began. */
    List<String> conversations() {
        List<String> ids = new ArrayList<>();
        query("SELECT " + SCHEMA.aggregateIdentifierColumn() + ", MIN(" + SCHEMA.globalIndexColumn() + ") FROM "
                        + TABLE + " WHERE " + SCHEMA.payloadTypeColumn() + " LIKE ? GROUP BY "
                        + SCHEMA.aggregateIdentifierColumn() + " ORDER BY 2",
                ConversationEvent.class.getName() + "$%", rows -> ids.add(rows.getString(1)));
        return ids;
    }

    /** Events per payload type (the record's simple name), most frequent first. */
    Map<String, Long> eventsPerType() {
        return counts("SELECT " + SCHEMA.payloadTypeColumn() + ", COUNT(*) FROM " + TABLE + " GROUP BY "
                + SCHEMA.payloadTypeColumn() + " ORDER BY 2 DESC, 1");
    }

    /** Events per UTC day (timestamps are stored as ISO-8601 instants). */
    Map<String, Long> eventsPerDay() {
        String day = "LEFT(" + SCHEMA.timestampColumn() + ", 10)";
        return counts("SELECT " + day + ", COUNT(*) FROM " + TABLE + " GROUP BY " + day + " ORDER BY " + day);
    }

    /** Streams (aggregates) per aggregate type. */
    Map<String, Long> streamsPerType() {
        return counts("SELECT " + SCHEMA.typeColumn() + ", COUNT(DISTINCT " + SCHEMA.aggregateIdentifierColumn()
                + ") FROM " + TABLE + " GROUP BY " + SCHEMA.typeColumn() + " ORDER BY 2 DESC, 1");
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> counts = new LinkedHashMap<>();
        query(sql, null, rows -> counts.put(simpleName(rows.getString(1)), rows.getLong(2)));
        return counts;
    }

    private static String simpleName(String type) {
        return type == null ? "(none)" : type.substring(Math.max(type.lastIndexOf('.'), type.lastIndexOf('$')) + 1);
    }

    private interface Row {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String sql, String parameter, Row row) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    row.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the event store: " + e.getMessage(), e);
        }
    }
}

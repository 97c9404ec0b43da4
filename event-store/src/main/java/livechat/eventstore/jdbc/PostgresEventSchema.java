package livechat.eventstore.jdbc;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/**
 * The PostgreSQL event store's tables, brought to the current version by Flyway from the migrations beside this
 * class ({@code livechat/eventstore/postgresql/V*.sql}), in the connection's current schema. Their history is kept in
 * a table of its own, so an application sharing the schema can run its own Flyway beside it.
 */
public final class PostgresEventSchema {

    static final String HISTORY_TABLE = "event_store_schema_history";

    private PostgresEventSchema() {
    }

    /** Applies the migrations {@code dataSource}'s schema has not had yet; nothing when it is current. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:livechat/eventstore/postgresql")
                .table(HISTORY_TABLE)
                .load()
                .migrate();
    }
}

package livechat.eventstore.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The PostgreSQL tables as migrated: payloads in the row, the index assigned by the database, migrations once. */
@EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
class PostgresEventSchemaTest {

    private TestPostgres postgres;
    private JdbcTemplate sql;

    @BeforeEach
    void migrate() {
        postgres = TestPostgres.create();
        sql = new JdbcTemplate(postgres.dataSource());
        PostgresEventSchema.migrate(postgres.dataSource());
    }

    @AfterEach
    void drop() {
        postgres.close();
    }

    private Map<String, Object> column(String table, String column) {
        return sql.queryForMap("SELECT data_type, is_identity, identity_generation, collation_name"
                + " FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = ? AND column_name = ?", table, column);
    }

    @Test
    void payloadsAndMetadataAreByteaAndTheGlobalIndexIsAnIdentity() {
        for (String table : new String[]{"domainevententry", "snapshotevententry"}) {
            assertThat(column(table, "payload")).containsEntry("data_type", "bytea");
            assertThat(column(table, "metadata")).containsEntry("data_type", "bytea");
            assertThat(column(table, "timestamp")).containsEntry("collation_name", "C");
        }
        assertThat(column("domainevententry", "globalindex")).containsEntry("data_type", "bigint")
                .containsEntry("is_identity", "YES").containsEntry("identity_generation", "BY DEFAULT");
    }

    @Test
    void theTablesCarryTheKeysAxonRelies() {
        assertThat(sql.queryForList("SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c"
                + " JOIN pg_class t ON t.oid = c.conrelid WHERE t.relnamespace = current_schema()::regnamespace"
                + " AND t.relname IN ('domainevententry', 'snapshotevententry')", String.class))
                .containsExactlyInAnyOrder("PRIMARY KEY (globalindex)",
                        "UNIQUE (aggregateidentifier, sequencenumber)", "UNIQUE (eventidentifier)",
                        "PRIMARY KEY (aggregateidentifier, sequencenumber)", "UNIQUE (eventidentifier)");
    }

    @Test
    void aCurrentSchemaIsLeftAsItIs() {
        sql.update("INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, eventIdentifier, payload,"
                + " payloadType, timeStamp) VALUES ('a', 0, 'e', '\\x00', 'T', '2026-01-01T00:00:00Z')");

        PostgresEventSchema.migrate(postgres.dataSource());

        assertThat(sql.queryForObject("SELECT count(*) FROM DomainEventEntry", Long.class)).isEqualTo(1);
        assertThat(sql.queryForList("SELECT version FROM " + PostgresEventSchema.HISTORY_TABLE
                + " WHERE success ORDER BY installed_rank", String.class)).containsExactly("1");
    }
}

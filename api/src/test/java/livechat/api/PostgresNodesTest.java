package livechat.api;

import livechat.eventstore.jdbc.TestPostgres;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Three nodes with their event log on PostgreSQL, in a fresh schema of the server {@code LIVECHAT_TEST_POSTGRES}
 * names.
 */
@EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
class PostgresNodesTest extends SeveralNodesContract {

    private TestPostgres postgres;

    @Override
    String startEventStore() {
        postgres = TestPostgres.create();
        return postgres.url();
    }

    @Override
    void stopEventStore() {
        postgres.close();
    }
}

package livechat.eventstore.audit;

import livechat.eventstore.jdbc.TestPostgres;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import javax.sql.DataSource;

/** The audit chain on PostgreSQL, run when {@code LIVECHAT_TEST_POSTGRES} names a server. */
@EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
class PostgresAuditChainTest extends JdbcAuditChainTest {

    private TestPostgres postgres;

    @Override
    protected DataSource createDataSource() {
        postgres = TestPostgres.create();
        return postgres.dataSource();
    }

    @Override
    protected void closeStore() {
        postgres.close();
    }
}

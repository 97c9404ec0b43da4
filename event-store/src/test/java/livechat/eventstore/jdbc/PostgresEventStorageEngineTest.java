package livechat.eventstore.jdbc;

import livechat.events.serialization.EventSerialization;
import livechat.eventstore.EventStorageEngineContract;
import livechat.eventstore.GreetingUpcaster;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Axon's JDBC engine on PostgreSQL, its schema migrated by Flyway, held to the contract every engine meets; run when
 * {@code LIVECHAT_TEST_POSTGRES} names a server ({@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
@EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
class PostgresEventStorageEngineTest extends EventStorageEngineContract {

    private TestPostgres postgres;

    @Override
    protected EventStorageEngine createEngine(GreetingUpcaster upcaster) {
        postgres = TestPostgres.create();
        return JdbcEventStore.engine(postgres.dataSource(), new SpringDataSourceConnectionProvider(postgres.dataSource()),
                new SpringTransactionManager(new DataSourceTransactionManager(postgres.dataSource())),
                EventSerialization.serializer(), upcaster);
    }

    @Override
    protected void closeEngine() {
        postgres.close();
    }
}

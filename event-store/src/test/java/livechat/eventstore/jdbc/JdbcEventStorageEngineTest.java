package livechat.eventstore.jdbc;

import livechat.events.serialization.EventSerialization;
import livechat.eventstore.EventStorageEngineContract;
import livechat.eventstore.GreetingUpcaster;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.h2.jdbcx.JdbcDataSource;

import java.util.UUID;

/** The embedded engine (Axon's JDBC engine on H2) held to the contract every engine meets. */
class JdbcEventStorageEngineTest extends EventStorageEngineContract {

    @Override
    protected EventStorageEngine createEngine(GreetingUpcaster upcaster) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return JdbcEventStore.h2Engine(new SpringDataSourceConnectionProvider(h2),
                new SpringTransactionManager(new DataSourceTransactionManager(h2)), EventSerialization.serializer(),
                upcaster);
    }
}

package livechat.eventstore.jdbc;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

/** Conflicting appends on the embedded H2 event store. */
class H2EventStoreConflictTest extends JdbcEventStoreConflictContract {

    @Override
    protected DataSource database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}

package livechat.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import livechat.command.ChatAggregates;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.keys.DataFolderKeys;
import livechat.eventstore.jdbc.H2Housekeeping;
import livechat.eventstore.jdbc.JdbcEventStore;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The JDBC event store as the server runs it, and Axon configurations on top of it: the embedded H2 file (with
 * {@code WRITE_DELAY=0} and {@link H2Housekeeping}) in a fresh temporary folder, or a fresh database on a PostgreSQL
 * server; a connection pool and the production engine either way. Personal content is sealed under the folder's data
 * keys as the server seals it, or (to measure what sealing costs) not.
 */
final class EventStoreFixture implements AppendStore {

    private static final String INSERT = "INSERT INTO DomainEventEntry (aggregateIdentifier, sequenceNumber, type, "
            + "eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp) "
            + "VALUES (?, ?, 'Conversation', ?, ?, ?, NULL, ?, ?)";

    private final Path folder;
    private final boolean temporary;
    /** The run's database on a PostgreSQL server, dropped at close; null for the H2 file. */
    private final PostgresDatabase dropAtClose;
    final HikariDataSource dataSource;
    private final H2Housekeeping housekeeping;
    final JdbcEventStorageEngine engine;
    private final TransactionManager transactions;
    private final ConnectionProvider connections;
    /** The folder's data keys when personal content is sealed, as the server seals it; null when it is not. */
    private final DataFolderKeys keys;
    private final Serializer serializer;
    private GroupCommit groupCommit;

    /** In a temporary folder, deleted at {@link #close()}, personal content not sealed. */
    EventStoreFixture() {
        this(false);
    }

    /** In a temporary folder, deleted at {@link #close()}; personal content sealed if {@code sealed}. */
    EventStoreFixture(boolean sealed) {
        this(temporaryFolder(), true, sealed);
    }

    /**
     * In {@code folder}, which is kept at {@link #close()}, e.g. for a server to start on; personal content sealed
     * with the folder's keys if {@code sealed}, as the server would.
     */
    EventStoreFixture(Path folder, boolean sealed) {
        this(folder, false, sealed);
    }

    private EventStoreFixture(Path folder, boolean temporary, boolean sealed) {
        this(folder, temporary, sealed,
                "jdbc:h2:file:" + folder.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", null);
    }

    private EventStoreFixture(Path folder, boolean temporary, boolean sealed, String url,
                              PostgresDatabase dropAtClose) {
        this.folder = folder;
        this.temporary = temporary;
        this.dropAtClose = dropAtClose;
        keys = sealed ? DataFolderKeys.open(folder, null) : null;
        serializer = sealed ? EventSerialization.serializer(keys.keys()) : EventSerialization.serializer();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        if (dropAtClose == null) {
            pool.setUsername("sa");
            pool.setPassword("");
        }
        dataSource = new HikariDataSource(pool);
        housekeeping = dropAtClose == null ? H2Housekeeping.start(dataSource) : null;
        // As Axon's Spring Boot starter wires JDBC: Spring transactions, connections bound to the unit of work.
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        connections = new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
        engine = JdbcEventStore.engine(dataSource, connections, transactions, serializer);
    }

    /** On the PostgreSQL server of the JDBC URL {@code server}, in a database made for the run, not sealed. */
    static EventStoreFixture postgres(String server) {
        PostgresDatabase database = PostgresDatabase.create(server);
        return new EventStoreFixture(temporaryFolder(), true, false, database.url(), database);
    }

    /** Where the store's file is. */
    Path folder() {
        return folder;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("livechat-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Configuration outOfTheBox() {
        return AppendStore.outOfTheBox(engine, transactions);
    }

    @Override
    public Configuration production(long cachedConversations, boolean groupCommits, boolean linked) {
        if (groupCommits) {
            groupCommit = GroupCommit.h2(connections, transactions, dataSource, serializer);
        }
        EventStorageEngine chosen = groupCommits ? groupCommit : engine;
        Configurer configurer = AppendStore.axon(!linked ? chosen : new LinkingEventStorageEngine(chosen,
                serializer, new JdbcStoredEvents(dataSource), cachedConversations), transactions);
        ChatAggregates.register(configurer, cachedConversations);
        return configurer.start();
    }

    /** A plain JDBC insert into the same table, in its own commit. */
    @Override
    public void appendRaw(String conversation, long sequence, byte[] payload, byte[] metaData) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, conversation);
            insert.setLong(2, sequence);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setBytes(4, metaData);
            insert.setBytes(5, payload);
            insert.setString(6, MessageSent.class.getName());
            insert.setString(7, Instant.now().toString());
            insert.executeUpdate();
        }
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        if (housekeeping != null) {
            housekeeping.close();
        }
        dataSource.close();
        if (dropAtClose != null) {
            dropAtClose.close();
        }
        if (keys != null) {
            keys.close();
        }
        if (!temporary) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

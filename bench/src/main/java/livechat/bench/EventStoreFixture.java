package livechat.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import livechat.command.ChatAggregates;
import livechat.command.conversation.Conversation;
import livechat.command.conversation.ConversationHistory;
import livechat.command.conversation.EventStoreConversationHistory;
import livechat.events.serialization.EventSerialization;
import livechat.events.store.jdbc.JdbcEventStore;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded event store as the server runs it (an H2 file with {@code WRITE_DELAY=0}, a connection pool, the
 * production engine), in a fresh temporary folder, and Axon configurations on top of it.
 */
final class EventStoreFixture implements AutoCloseable {

    private final Path folder;
    private final boolean temporary;
    final HikariDataSource dataSource;
    final JdbcEventStorageEngine engine;
    private final TransactionManager transactions;
    private final ConnectionProvider connections;
    private GroupCommit groupCommit;

    /** In a temporary folder, deleted at {@link #close()}. */
    EventStoreFixture() {
        this(temporaryFolder(), true);
    }

    /** In {@code folder}, which is kept at {@link #close()}, e.g. for a server to start on. */
    EventStoreFixture(Path folder) {
        this(folder, false);
    }

    private EventStoreFixture(Path folder, boolean temporary) {
        this.folder = folder;
        this.temporary = temporary;
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:file:" + folder.resolve("events") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        pool.setUsername("sa");
        pool.setPassword("");
        dataSource = new HikariDataSource(pool);
        // As Axon's Spring Boot starter wires JDBC: Spring transactions, connections bound to the unit of work.
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        connections = new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
        engine = JdbcEventStore.h2Engine(connections, transactions, EventSerialization.serializer());
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("livechat-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Axon with nothing but the event store and the aggregate: no cache, no snapshots, default everything. */
    Configuration outOfTheBox() {
        return base(engine).configureAggregate(Conversation.class)
                .registerComponent(ConversationHistory.class, c -> new EventStoreConversationHistory(c.eventStore()))
                .start();
    }

    /**
     * The server's configuration, a bounded cache of {@code cachedConversations} and snapshots, plus group commits
     * if {@code groupCommits} (which the server does not use).
     */
    Configuration production(long cachedConversations, boolean groupCommits) {
        if (groupCommits) {
            groupCommit = GroupCommit.h2(connections, transactions, dataSource,
                    EventSerialization.serializer());
        }
        Configurer configurer = base(groupCommits ? groupCommit : engine);
        ChatAggregates.register(configurer, cachedConversations);
        return configurer.start();
    }

    private Configurer base(EventStorageEngine store) {
        return DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> EventSerialization.serializer())
                .configureTransactionManager(c -> transactions)
                .configureEmbeddedEventStore(c -> store);
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        dataSource.close();
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

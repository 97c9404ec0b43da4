package livechat.bench;

import livechat.command.conversation.Conversation;
import livechat.command.conversation.ConversationHistory;
import livechat.command.conversation.EventStoreConversationHistory;
import livechat.command.subject.DataSubjects;
import livechat.events.serialization.EventSerialization;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.Optional;

/**
 * An event store the append benchmark writes to: Axon's out-of-the-box and the server's configuration on it,
 * and the store's own append of one serialized event, the baseline the figure is a ratio to.
 */
interface AppendStore extends AutoCloseable {

    /** Axon with nothing but the event store and the aggregate: no cache, no snapshots, default everything. */
    Configuration outOfTheBox();

    /**
     * The server's configuration, a bounded cache of {@code cachedConversations} and snapshots, plus group commits
     * if {@code groupCommits} (which the server does not use, and only the H2 store has); the write-time audit chain
     * if {@code linked} (which the server always writes).
     */
    Configuration production(long cachedConversations, boolean groupCommits, boolean linked);

    /** Appends one event at {@code sequence} of {@code conversation} with the store's client alone. */
    void appendRaw(String conversation, long sequence, byte[] payload, byte[] metaData) throws Exception;

    @Override
    void close();

    /**
     * Axon on {@code engine}. The erasure's handler needs to know whose data is kept; the benchmarks erase nobody, so
     * they know of no one.
     */
    static Configurer axon(EventStorageEngine engine, TransactionManager transactions) {
        return DefaultConfigurer.defaultConfiguration()
                .registerComponent(DataSubjects.class, c -> new DataSubjects() {
                    @Override
                    public boolean known(String visitorId) {
                        return false;
                    }

                    @Override
                    public Optional<String> hold(String visitorId) {
                        return Optional.empty();
                    }
                })
                .configureSerializer(c -> EventSerialization.serializer())
                .configureTransactionManager(c -> transactions)
                .configureEmbeddedEventStore(c -> engine);
    }

    static Configuration outOfTheBox(EventStorageEngine engine, TransactionManager transactions) {
        return axon(engine, transactions).configureAggregate(Conversation.class)
                .registerComponent(ConversationHistory.class, c -> new EventStoreConversationHistory(c.eventStore()))
                .start();
    }
}

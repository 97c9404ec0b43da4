package livechat.command;

import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationCommand.StartConversation;
import livechat.command.conversation.MessageAccepted;
import livechat.events.Actor;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.ForwardingEventStorageEngine;
import livechat.eventstore.jdbc.JdbcEventStore;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message costs the same in a long conversation as in a short one: counted in events read from the store, the
 * real cost driver, with the real JDBC engine and the production aggregate configuration. Snapshots are handed to
 * an executor the test drains after each command, so counts do not depend on how fast a background thread is.
 */
class ConversationLoadCostTest {

    private static final Actor VISITOR = Actor.parse("visitor:v-1");

    private final Queue<Runnable> pendingSnapshots = new ArrayDeque<>();
    private Configuration axon;
    private CountingEngine engine;

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private void start(long cachedConversations) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        engine = new CountingEngine(JdbcEventStore.h2Engine(new DataSourceConnectionProvider(h2),
                NoTransactionManager.INSTANCE, EventSerialization.serializer()));
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> EventSerialization.serializer())
                .configureEmbeddedEventStore(c -> engine);
        ChatAggregates.register(configurer, cachedConversations, pendingSnapshots::add);
        axon = configurer.start();
    }

    /** Sends {@code count} messages into a new conversation and answers how many events the next one read. */
    private long eventsReadForOneMoreMessage(String conversationId, int count) {
        axon.commandGateway().sendAndWait(new StartConversation(conversationId, VISITOR, "Long chat", null));
        for (int i = 0; i < count; i++) {
            send(conversationId, i);
            takePendingSnapshots();
        }
        engine.read.set(0);
        send(conversationId, count);
        long read = engine.read.get();
        takePendingSnapshots();
        return read;
    }

    private void send(String conversationId, int n) {
        axon.commandGateway().sendAndWait(new SendMessage(conversationId, VISITOR, "cm-" + n, "m-" + n,
                "message " + n, false));
    }

    private void takePendingSnapshots() {
        for (Runnable snapshot = pendingSnapshots.poll(); snapshot != null; snapshot = pendingSnapshots.poll()) {
            snapshot.run();
        }
    }

    @Test
    void aCachedConversationIsNotReadAgainHoweverLong() {
        start(100);
        assertThat(eventsReadForOneMoreMessage("short", 10)).isZero();
        assertThat(eventsReadForOneMoreMessage("long", 2_000)).isZero();
    }

    @Test
    void anEvictedConversationReadsAtMostOneSnapshotIntervalHoweverLong() {
        start(0);
        long shortOne = eventsReadForOneMoreMessage("short", 10);
        long longOne = eventsReadForOneMoreMessage("long", 2_000);
        assertThat(shortOne).isEqualTo(12);
        assertThat(longOne).isLessThan(ChatAggregates.SNAPSHOT_EVERY);
    }

    @Test
    void theCommandThatCallsForASnapshotIsAnsweredBeforeItIsTaken() {
        start(0);
        axon.commandGateway().sendAndWait(new StartConversation("c", VISITOR, "Snapshot", null));
        for (int n = 0; pendingSnapshots.isEmpty(); n++) {
            send("c", n);
        }
        assertThat(engine.snapshotsStored).hasValue(0);

        takePendingSnapshots();
        assertThat(engine.snapshotsStored).hasValue(1);
    }

    @Test
    void aResendToALongEvictedConversationIsAnsweredFromItsSnapshotAndOneEvent() {
        start(0);
        eventsReadForOneMoreMessage("long", 2_000);

        engine.read.set(0);
        MessageAccepted resend = axon.commandGateway().sendAndWait(new SendMessage("long", VISITOR, "cm-5", "m-other",
                "message 5", false));

        assertThat(resend).isEqualTo(new MessageAccepted("m-5", 7, true));
        assertThat(engine.read.get()).isLessThan(ChatAggregates.SNAPSHOT_EVERY + 1);
    }

    /** Counts the events an aggregate load reads and the snapshots stored, passing every call through. */
    private static final class CountingEngine extends ForwardingEventStorageEngine {
        private final AtomicLong read = new AtomicLong();
        private final AtomicLong snapshotsStored = new AtomicLong();

        CountingEngine(EventStorageEngine delegate) {
            super(delegate);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            DomainEventStream events = delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
            return DomainEventStream.of(events.asStream().peek(event -> read.incrementAndGet()),
                    events::getLastSequenceNumber);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            snapshotsStored.incrementAndGet();
            delegate.storeSnapshot(snapshot);
        }
    }
}

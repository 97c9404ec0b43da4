package livechat.command;

import livechat.command.access.AccessLog;
import livechat.command.agent.Agent;
import livechat.command.canned.CannedResponse;
import livechat.command.canned.CannedResponseSender;
import livechat.command.conversation.Conversation;
import livechat.command.conversation.ConversationHistory;
import livechat.command.conversation.EventStoreConversationHistory;
import livechat.command.staff.StaffAccount;
import livechat.command.subject.DataSubject;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfiguration;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How the command side is put into an Axon configuration: each aggregate with its own bounded cache (so a command
 * on a busy conversation loads nothing) and a snapshot every {@link #SNAPSHOT_EVERY} events, or every
 * 1/{@link #SNAPSHOT_FRACTION} of its length when that is more (so loading a cold one reads at most that many
 * events), taken in the background so the command that triggers one does not wait for it; plus the canned-response
 * sender and the {@link ConversationHistory} conversations consult.
 */
public final class ChatAggregates {

    public static final int SNAPSHOT_EVERY = 100;
    public static final int SNAPSHOT_FRACTION = 100;
    /** Aggregates waiting for a snapshot, at most; Axon already keeps one waiting snapshot per aggregate. */
    private static final int SNAPSHOT_BACKLOG = 1_000;
    private static final long SHUTDOWN_WAIT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(ChatAggregates.class);

    private ChatAggregates() {
    }

    /** Snapshots on one background thread, stopped when the configuration shuts down. */
    public static void register(Configurer configurer, long cachedConversations) {
        ThreadPoolExecutor snapshots = backgroundSnapshots();
        // After the command bus has stopped taking commands, before the event store's connections are closed.
        configurer.onShutdown(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS, () -> stop(snapshots));
        register(configurer, cachedConversations, snapshots);
    }

    /** Snapshots taken by {@code snapshots}, whose lifecycle is the caller's. */
    public static void register(Configurer configurer, long cachedConversations, Executor snapshots) {
        configurer.configureSnapshotter(c -> AggregateSnapshotter.builder()
                .eventStore(c.eventStore())
                .transactionManager(c.getComponent(TransactionManager.class, () -> NoTransactionManager.INSTANCE))
                .aggregateFactories(c.findModules(AggregateConfiguration.class).stream()
                        .<AggregateFactory<?>>map(AggregateConfiguration::aggregateFactory).toList())
                .repositoryProvider(c::repository)
                .parameterResolverFactory(c.parameterResolverFactory())
                .handlerDefinition(c.handlerDefinition(Conversation.class))
                .executor(snapshots)
                .build());
        configurer.registerComponent(ConversationHistory.class, c -> new EventStoreConversationHistory(c.eventStore()));
        configurer.configureAggregate(cachedAndSnapshotted(Conversation.class, cachedConversations));
        configurer.configureAggregate(cachedAndSnapshotted(Agent.class, 10_000));
        configurer.configureAggregate(cachedAndSnapshotted(CannedResponse.class, 1_000));
        configurer.configureAggregate(cachedAndSnapshotted(StaffAccount.class, 1_000));
        configurer.configureAggregate(cachedAndSnapshotted(AccessLog.class, 1_000));
        configurer.configureAggregate(cachedAndSnapshotted(DataSubject.class, 1_000));
        configurer.registerCommandHandler(c -> new CannedResponseSender(c.repository(CannedResponse.class),
                c.repository(Conversation.class)));
    }

    /**
     * One thread: snapshots are background work, and the machines have two cores. When the backlog is full the
     * command that asked takes its snapshot itself, as every command did before: the backlog stays bounded and no
     * snapshot is dropped (Axon would never again snapshot an aggregate whose task it handed over and lost).
     */
    private static ThreadPoolExecutor backgroundSnapshots() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(SNAPSHOT_BACKLOG),
                task -> {
                    Thread thread = new Thread(task, "livechat-snapshots");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * Waiting snapshots are dropped, since they only save replay work later; the one being written finishes and is
     * never interrupted, because an interrupt during an H2 file write closes the database.
     */
    private static void stop(ThreadPoolExecutor snapshots) {
        snapshots.shutdown();
        snapshots.getQueue().clear();
        try {
            if (!snapshots.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("A snapshot was still being written {} s after shutdown began", SHUTDOWN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <A> AggregateConfigurer<A> cachedAndSnapshotted(Class<A> type, long cacheSize) {
        return AggregateConfigurer.defaultConfiguration(type)
                .configureCache(c -> new BoundedAggregateCache(cacheSize))
                .configureSnapshotTrigger(c -> new GrowingSnapshotTriggerDefinition(c.snapshotter(), SNAPSHOT_EVERY,
                        SNAPSHOT_FRACTION));
    }
}

package livechat.command;

import livechat.command.agent.Agent;
import livechat.command.canned.CannedResponse;
import livechat.command.canned.CannedResponseSender;
import livechat.command.conversation.Conversation;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;

/**
 * How the command side is put into an Axon configuration: each aggregate with its own bounded cache (so a command
 * on a busy conversation loads nothing) and a snapshot every {@link #SNAPSHOT_EVERY} events (so loading a cold one
 * reads at most that many events), plus the canned-response sender.
 */
public final class ChatAggregates {

    public static final int SNAPSHOT_EVERY = 100;

    private ChatAggregates() {
    }

    public static void register(Configurer configurer, long cachedConversations) {
        configurer.configureAggregate(cachedAndSnapshotted(Conversation.class, cachedConversations));
        configurer.configureAggregate(cachedAndSnapshotted(Agent.class, 10_000));
        configurer.configureAggregate(cachedAndSnapshotted(CannedResponse.class, 1_000));
        configurer.registerCommandHandler(c -> new CannedResponseSender(c.repository(CannedResponse.class),
                c.repository(Conversation.class)));
    }

    private static <A> AggregateConfigurer<A> cachedAndSnapshotted(Class<A> type, long cacheSize) {
        return AggregateConfigurer.defaultConfiguration(type)
                .configureCache(c -> new BoundedAggregateCache(cacheSize))
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(c.snapshotter(),
                        SNAPSHOT_EVERY));
    }
}

package livechat.query.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans live items out to the subscribers of each conversation. Projections publish after their writes are in the
 * read model, so whatever a subscriber receives live is also what it would read; a conversation nobody follows
 * costs nothing.
 */
public final class ConversationUpdates {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    public void publish(String conversationId, StreamItem item) {
        Channel channel = channels.get(conversationId);
        if (channel != null) {
            channel.emit(item);
        }
    }

    /** Live items of one conversation from the moment of subscription on; nothing earlier. */
    public Flux<StreamItem> follow(String conversationId) {
        return Flux.defer(() -> {
            Channel channel = channels.compute(conversationId, (id, existing) -> {
                Channel c = existing == null ? new Channel() : existing;
                c.subscribers++;
                return c;
            });
            return channel.sink.asFlux().doFinally(signal -> channels.computeIfPresent(conversationId,
                    (id, c) -> --c.subscribers == 0 ? null : c));
        });
    }

    int followedConversations() {
        return channels.size();
    }

    private static final class Channel {
        // Each subscriber buffers on its own (see ConversationFeed), so the sink never has to hold items back.
        private final Sinks.Many<StreamItem> sink = Sinks.many().multicast().directBestEffort();
        private int subscribers;

        synchronized void emit(StreamItem item) {
            sink.tryEmitNext(item);
        }
    }
}

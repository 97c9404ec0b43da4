package livechat.query.live;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans live items out to this node's subscribers of each conversation. Items of the transcript arrive in sequence
 * order once the read model holds them (from the node's tail of the event log), so whatever a subscriber receives
 * live is also what it would read; an item at or below a conversation's last published sequence is dropped, so each
 * goes out once. Ephemeral items (no sequence) go out as they come. A conversation nobody follows costs nothing.
 */
public final class ConversationUpdates {

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    public void publish(String conversationId, StreamItem item) {
        Channel channel = channels.get(conversationId);
        if (channel != null) {
            channel.emit(item);
        }
    }

    /**
     * The sequence of the last item published to {@code conversationId}'s followers: empty when nobody follows it
     * here, or nothing has been published to them yet.
     */
    public OptionalLong lastPublished(String conversationId) {
        Channel channel = channels.get(conversationId);
        return channel == null ? OptionalLong.empty() : channel.lastPublished();
    }

    public boolean followed(String conversationId) {
        return channels.containsKey(conversationId);
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
        private long last = -1;
        private boolean published;

        synchronized void emit(StreamItem item) {
            if (item.sequence() != null) {
                if (published && item.sequence() <= last) {
                    return;
                }
                last = item.sequence();
                published = true;
            }
            sink.tryEmitNext(item);
        }

        synchronized OptionalLong lastPublished() {
            return published ? OptionalLong.of(last) : OptionalLong.empty();
        }
    }
}

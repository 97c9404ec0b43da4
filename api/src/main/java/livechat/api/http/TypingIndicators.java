package livechat.api.http;

import livechat.events.Actor;
import livechat.query.live.ConversationUpdates;
import livechat.query.live.StreamItem;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Typing indicators: ephemeral signals that go to the conversation's live streams and nowhere else (never to the
 * event store). Subscribers hear when someone starts and stops typing; a start not refreshed within
 * {@link #EXPIRY} ends by itself, so a closed browser tab does not leave "typing..." on screen.
 */
@Component
class TypingIndicators {

    static final Duration EXPIRY = Duration.ofSeconds(5);

    record Typing(String actor, String role, boolean typing) {
    }

    private final ConversationUpdates updates;
    private final Map<String, Disposable> expiries = new HashMap<>();

    TypingIndicators(ConversationUpdates updates) {
        this.updates = updates;
    }

    synchronized void typing(String conversationId, Actor actor, boolean typing) {
        String key = conversationId + "|" + actor;
        Disposable previous = expiries.remove(key);
        if (previous != null) {
            previous.dispose();
        }
        if (typing) {
            expiries.put(key, Mono.delay(EXPIRY).subscribe(tick -> expire(key, conversationId, actor)));
        }
        if (typing != (previous != null)) {
            publish(conversationId, actor, typing);
        }
    }

    private synchronized void expire(String key, String conversationId, Actor actor) {
        if (expiries.remove(key) != null) {
            publish(conversationId, actor, false);
        }
    }

    private void publish(String conversationId, Actor actor, boolean typing) {
        updates.publish(conversationId, new StreamItem(null, "typing",
                new Typing(actor.toString(), actor.role().wireName(), typing), false));
    }
}

package livechat.query.live;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationUpdatesTest {

    private final ConversationUpdates updates = new ConversationUpdates();

    private static StreamItem message(long sequence) {
        return new StreamItem(sequence, "message", "text " + sequence, false);
    }

    @Test
    void subscribersReceiveOnlyTheirConversation() {
        StepVerifier.create(updates.follow("a").map(StreamItem::sequence))
                .then(() -> {
                    updates.publish("b", message(7));
                    updates.publish("a", message(1));
                })
                .expectNext(1L)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aConversationNobodyFollowsCostsNothing() {
        updates.publish("a", message(1));
        assertThat(updates.followedConversations()).isZero();

        Disposable first = updates.follow("a").subscribe();
        Disposable second = updates.follow("a").subscribe();
        assertThat(updates.followedConversations()).isEqualTo(1);
        first.dispose();
        assertThat(updates.followedConversations()).isEqualTo(1);
        second.dispose();
        assertThat(updates.followedConversations()).isZero();
    }
}

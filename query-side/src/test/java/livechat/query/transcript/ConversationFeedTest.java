package livechat.query.transcript;

import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.query.live.ConversationUpdates;
import livechat.query.live.StreamItem;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static livechat.query.projection.ProjectionDriver.event;
import static org.assertj.core.api.Assertions.assertThat;

class ConversationFeedTest {

    private static final String ID = "c-1";
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AGENT = Actor.parse("agent:a-1");

    @AutoClose
    private final TranscriptFixture readModel = new TranscriptFixture();
    private final ConversationUpdates updates = readModel.updates;
    private final ConversationFeed feed = readModel.feed;

    private void deliver(long sequence, Object payload) {
        try {
            readModel.deliverLive(List.of(event(ID, sequence, payload, T0.plusSeconds(sequence))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageSent message(long n, Actor author, boolean internal) {
        return new MessageSent(ID, "m-" + n, "cm-" + n, author, "text " + n, internal);
    }

    @Test
    void catchUpThenLiveWithoutGapsOrRepeats() {
        deliver(0, new ConversationStarted(ID, "v-1", "Refund", null));
        deliver(1, message(1, VISITOR, false));
        deliver(2, message(2, VISITOR, false));

        StepVerifier.create(feed.handle(new FollowConversation(ID, Role.AGENT, 0)).map(StreamItem::sequence))
                .expectNext(1L, 2L)
                .then(() -> deliver(3, message(3, VISITOR, false)))
                .expectNext(3L)
                // A redelivery after a crash publishes sequence 2 and 3 again; the subscriber must not see them twice.
                .then(() -> deliver(2, message(2, VISITOR, false)))
                .then(() -> deliver(3, message(3, VISITOR, false)))
                .then(() -> deliver(4, message(4, VISITOR, false)))
                .expectNext(4L)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void visitorsDoNotReceiveInternalNotesLiveOrInCatchUp() {
        deliver(0, new ConversationStarted(ID, "v-1", "Refund", null));
        deliver(1, message(1, AGENT, true));

        StepVerifier.create(feed.handle(new FollowConversation(ID, Role.VISITOR, -1)).map(StreamItem::sequence))
                .expectNext(0L)
                .then(() -> deliver(2, message(2, AGENT, true)))
                .then(() -> deliver(3, message(3, AGENT, false)))
                .expectNext(3L)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    /**
     * Items published after the subscriber attached but before its (asynchronous) catch-up query finished must wait
     * for it, not vanish: they are published here the moment the subscription starts, well before the query to the
     * database can have answered.
     */
    @Test
    void liveItemsPublishedDuringTheCatchUpAreKept() {
        for (int run = 0; run < 20; run++) {
            String conversation = "c-race-" + run;
            StepVerifier.create(feed.handle(new FollowConversation(conversation, Role.AGENT, -1))
                            .map(StreamItem::sequence))
                    .then(() -> {
                        updates.publish(conversation, new StreamItem(7L, "message", "seven", false));
                        updates.publish(conversation, new StreamItem(8L, "message", "eight", false));
                    })
                    .expectNext(7L, 8L)
                    .thenCancel()
                    .verify(Duration.ofSeconds(10));
        }
    }

    /** A subscriber that stops reading ends its stream after LIVE_BUFFER items, instead of the server's heap. */
    @Test
    void aSubscriberThatFallsTooFarBehindIsEndedAndCanResume() {
        StepVerifier.create(feed.handle(new FollowConversation(ID, Role.AGENT, -1)), 0)
                .then(() -> {
                    for (long n = 1; n <= ConversationFeed.LIVE_BUFFER + 1; n++) {
                        updates.publish(ID, new StreamItem(n, "message", "m" + n, false));
                    }
                })
                .thenRequest(Long.MAX_VALUE)
                .expectNextCount(ConversationFeed.LIVE_BUFFER)
                .expectErrorMatches(error -> error.getMessage().contains("resumes from its last id"))
                .verify(Duration.ofSeconds(30));
    }

    /** What the tail hands over is read only for conversations followed here, and it says which those were. */
    @Test
    void publishingWrittenItemsAnswersTheConversationsFollowedHere() {
        deliver(0, new ConversationStarted(ID, "v-1", "Refund", null));
        Disposable following = feed.handle(new FollowConversation(ID, Role.AGENT, -1)).subscribe();
        try {
            assertThat(feed.publishWritten(Map.of(ID, 0L, "c-unfollowed", 0L))).containsExactly(ID);
        } finally {
            following.dispose();
        }
        assertThat(feed.publishWritten(Map.of(ID, 0L))).isEmpty();
    }
}

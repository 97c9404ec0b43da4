package livechat.query.projection;

import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.query.transcript.TranscriptCollections;
import livechat.query.transcript.TranscriptProjection;
import livechat.events.privacy.DataKeys;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import static livechat.query.projection.ProjectionDriver.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A paused live projection writes nothing and fails its batch for a retry; a rebuild copy is never paused. */
class ProjectionPauseTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private TestMongo mongo;

    @BeforeEach
    void setUp() {
        mongo = new TestMongo();
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private static ProjectionDriver transcript(ReadModelDatabase database) {
        return new ProjectionDriver(new TranscriptProjection(new TranscriptCollections(database),
                DataKeys.inMemory()));
    }

    private void pauseTranscriptUntil(Instant until) {
        mongo.database().pauses().insertOne(new Document("_id", TranscriptProjection.PROCESSING_GROUP)
                .append("until", Date.from(until)));
    }

    private static List<? extends org.axonframework.eventhandling.EventMessage<?>> started(String id) {
        return List.of(event(id, 0, new ConversationStarted(id, "v-1", "Topic", null), T0));
    }

    @Test
    void aPausedLiveProjectionFailsItsBatchWithoutWriting() {
        ReadModelDatabase live = mongo.database();
        pauseTranscriptUntil(Instant.now().plusSeconds(60));

        assertThatThrownBy(() -> transcript(live).deliver(started("c-1"))).hasRootCauseInstanceOf(
                MongoProjection.Paused.class);
        assertThat(live.collection("conversations").countDocuments()).isZero();
    }

    @Test
    void anExpiredPauseIsIgnored() throws Exception {
        ReadModelDatabase live = mongo.database();
        pauseTranscriptUntil(Instant.now().minusSeconds(1));

        transcript(live).deliver(started("c-1"));
        assertThat(live.collection("conversations").countDocuments()).isEqualTo(1);
    }

    @Test
    void aRebuildCopyKeepsWritingWhileTheLiveOneIsPaused() throws Exception {
        ReadModelDatabase copy = mongo.database().withCollectionSuffix("_rebuild");
        pauseTranscriptUntil(Instant.now().plusSeconds(60));

        transcript(copy).deliver(started("c-1"));
        assertThat(copy.collection("conversations").countDocuments()).isEqualTo(1);
    }
}

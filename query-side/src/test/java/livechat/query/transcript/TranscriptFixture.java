package livechat.query.transcript;

import livechat.events.privacy.DataKeys;
import livechat.query.live.ConversationUpdates;
import livechat.query.projection.ProjectionDriver;
import livechat.query.projection.TestMongo;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A transcript read model in a fresh test database: its collections, queries, live updates and projection. */
final class TranscriptFixture implements AutoCloseable {

    final TestMongo mongo;
    final TranscriptCollections collections;
    final TranscriptQueries queries;
    final ConversationUpdates updates = new ConversationUpdates();
    /**
     * Seals the read model's personal content; one for every fixture, so read models built from the same events
     * hold the same bytes.
     */
    static final DataKeys KEYS = DataKeys.inMemory();
    final DataKeys keys = KEYS;
    final ProjectionDriver projection;
    final ConversationFeed feed;

    TranscriptFixture() {
        this(new TestMongo());
    }

    /** On {@code mongo}, e.g. one whose client reports the commands it sends. */
    TranscriptFixture(TestMongo mongo) {
        this.mongo = mongo;
        collections = new TranscriptCollections(mongo.database());
        queries = new TranscriptQueries(collections, keys);
        projection = new ProjectionDriver(new TranscriptProjection(collections, keys));
        feed = new ConversationFeed(queries, updates);
        collections.ensureIndexes();
    }

    /** Projects {@code events}, then publishes them live as a node's tail of the log does once they are written. */
    void deliverLive(List<DomainEventMessage<?>> events) throws Exception {
        projection.deliver(events);
        Map<String, Long> firstNew = new LinkedHashMap<>();
        events.forEach(event -> firstNew.putIfAbsent(event.getAggregateIdentifier(), event.getSequenceNumber()));
        feed.publishWritten(firstNew);
    }

    @Override
    public void close() {
        mongo.close();
    }
}

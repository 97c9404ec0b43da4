package livechat.query.transcript;

import livechat.query.live.ConversationUpdates;
import livechat.query.mongo.ProjectionDriver;
import livechat.query.mongo.TestMongo;

/** A transcript read model in a fresh test database: its collections, queries, live updates and projection. */
final class TranscriptFixture implements AutoCloseable {

    final TestMongo mongo = new TestMongo();
    final TranscriptCollections collections = new TranscriptCollections(mongo.database());
    final TranscriptQueries queries = new TranscriptQueries(collections);
    final ConversationUpdates updates = new ConversationUpdates();
    final ProjectionDriver projection = new ProjectionDriver(new TranscriptProjection(collections, updates));

    TranscriptFixture() {
        collections.ensureIndexes();
    }

    @Override
    public void close() {
        mongo.close();
    }
}

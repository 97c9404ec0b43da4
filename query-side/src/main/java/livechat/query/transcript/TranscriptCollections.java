package livechat.query.transcript;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import livechat.query.mongo.ReadModelDatabase;
import org.bson.Document;

/**
 * Where the transcript read model lives: one document per visible event keyed by (conversation, sequence), so no
 * document grows with the conversation, one small document per conversation, and one per (conversation, reader)
 * holding how far that reader has seen.
 */
public final class TranscriptCollections {

    static final String ENTRIES = "transcript_entries";
    static final String CONVERSATIONS = "conversations";
    static final String SEEN = "transcript_seen";

    final MongoCollection<Document> entries;
    final MongoCollection<Document> conversations;
    final MongoCollection<Document> seen;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> entriesReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> conversationsReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> seenReader;

    public TranscriptCollections(ReadModelDatabase database) {
        entries = database.blocking().getCollection(ENTRIES);
        conversations = database.blocking().getCollection(CONVERSATIONS);
        seen = database.blocking().getCollection(SEEN);
        entriesReader = database.reactive().getCollection(ENTRIES);
        conversationsReader = database.reactive().getCollection(CONVERSATIONS);
        seenReader = database.reactive().getCollection(SEEN);
    }

    /** Declares the indexes the queries need; safe to call on every start. */
    public void ensureIndexes() {
        entries.createIndex(Indexes.ascending("conversationId", "sequence"), new IndexOptions().unique(true));
        // Edits and redactions find the message they refer to; a transcript page finds its messages' edits.
        entries.createIndex(Indexes.ascending("conversationId", "messageId"));
        conversations.createIndex(Indexes.ascending("visitorId"));
        // Transcript search: by agent, by tag, each within a time range of starts.
        conversations.createIndex(Indexes.ascending("agents", "startedAt"));
        conversations.createIndex(Indexes.ascending("tags", "startedAt"));
        conversations.createIndex(Indexes.ascending("startedAt"));
        seen.createIndex(Indexes.ascending("conversationId"));
    }
}

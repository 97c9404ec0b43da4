package livechat.query.transcript;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import livechat.query.mongo.ReadModelDatabase;
import org.bson.Document;

/**
 * Where the transcript read model lives: one document per visible event keyed by (conversation, sequence), so no
 * document grows with the conversation, and one small document per conversation.
 */
public final class TranscriptCollections {

    static final String ENTRIES = "transcript_entries";
    static final String CONVERSATIONS = "conversations";

    final MongoCollection<Document> entries;
    final MongoCollection<Document> conversations;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> entriesReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> conversationsReader;

    public TranscriptCollections(ReadModelDatabase database) {
        entries = database.blocking().getCollection(ENTRIES);
        conversations = database.blocking().getCollection(CONVERSATIONS);
        entriesReader = database.reactive().getCollection(ENTRIES);
        conversationsReader = database.reactive().getCollection(CONVERSATIONS);
    }

    /** Declares the indexes the queries need; safe to call on every start. */
    public void ensureIndexes() {
        entries.createIndex(Indexes.ascending("conversationId", "sequence"), new IndexOptions().unique(true));
        conversations.createIndex(Indexes.ascending("visitorId"));
    }
}

package livechat.query.transcript;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;

import java.util.List;

/**
 * Where the transcript read model lives: one document per visible event keyed by (conversation, sequence), so no
 * document grows with the conversation, one small document per conversation, and one per (conversation, reader)
 * holding how far that reader has seen. Reads find entries and receipts by id only, the one index the embedded
 * MongoDB uses for them: the conversation document knows its last entry and its readers.
 */
public final class TranscriptCollections {

    static final String ENTRIES = "transcript_entries";
    static final String CONVERSATIONS = "conversations";
    static final String SEEN = "transcript_seen";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> NAMES = List.of(ENTRIES, CONVERSATIONS, SEEN);

    final MongoCollection<Document> entries;
    final MongoCollection<Document> conversations;
    final MongoCollection<Document> seen;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> entriesReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> conversationsReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> seenReader;

    final ReadModelDatabase database;

    public TranscriptCollections(ReadModelDatabase database) {
        this.database = database;
        entries = database.collection(ENTRIES);
        conversations = database.collection(CONVERSATIONS);
        seen = database.collection(SEEN);
        entriesReader = database.reader(ENTRIES);
        conversationsReader = database.reader(CONVERSATIONS);
        seenReader = database.reader(SEEN);
    }

    /** Declares the indexes the queries need; safe to call on every start. */
    public void ensureIndexes() {
        // Edits and redactions find the message they refer to.
        entries.createIndex(Indexes.ascending("conversationId", "messageId"));
        conversations.createIndex(Indexes.ascending("visitorId"));
        // Transcript search: by agent, by tag, each within a time range of starts.
        conversations.createIndex(Indexes.ascending("agents", "startedAt"));
        conversations.createIndex(Indexes.ascending("tags", "startedAt"));
        conversations.createIndex(Indexes.ascending("startedAt"));
    }
}

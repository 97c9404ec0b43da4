package livechat.query.transcript;

import com.mongodb.client.model.Indexes;
import livechat.query.projection.ReadModelCollections;
import livechat.query.projection.ReadModelDatabase;

import java.util.List;

/**
 * Where the transcript read model lives: one document per visible event keyed by (conversation, sequence), so no
 * document grows with the conversation, one small document per conversation, and one per (conversation, reader)
 * holding how far that reader has seen. Reads find entries and receipts by id only, the one index the embedded
 * MongoDB uses for them: the conversation document knows its last entry and its readers.
 */
public final class TranscriptCollections extends ReadModelCollections {

    static final String ENTRIES = "transcript_entries";
    static final String CONVERSATIONS = "conversations";
    static final String SEEN = "transcript_seen";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> NAMES = List.of(ENTRIES, CONVERSATIONS, SEEN);

    public TranscriptCollections(ReadModelDatabase database) {
        super(database, NAMES);
    }

    @Override
    public List<Index> indexes() {
        return List.of(
                // Edits and redactions find the message they refer to.
                new Index(writer(ENTRIES), Indexes.ascending("conversationId", "messageId")),
                new Index(writer(CONVERSATIONS), Indexes.ascending("visitorId")),
                // Transcript search: by agent, by tag, each within a time range of starts.
                new Index(writer(CONVERSATIONS), Indexes.ascending("agents", "startedAt")),
                new Index(writer(CONVERSATIONS), Indexes.ascending("tags", "startedAt")),
                new Index(writer(CONVERSATIONS), Indexes.ascending("startedAt")));
    }
}

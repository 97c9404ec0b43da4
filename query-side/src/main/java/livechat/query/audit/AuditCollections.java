package livechat.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;

import java.util.List;

/**
 * Where the dispute audit lives: one document per event keyed by (conversation, sequence), the head of each
 * conversation's chain (what the next link needs), one document per dispute, and one per piece of evidence.
 */
public final class AuditCollections {

    static final String EVENTS = "audit_events";
    static final String CHAINS = "audit_chains";
    static final String DISPUTES = "audit_disputes";
    static final String EVIDENCE = "audit_evidence";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> NAMES = List.of(EVENTS, CHAINS, DISPUTES, EVIDENCE);

    final MongoCollection<Document> events;
    final MongoCollection<Document> chains;
    final MongoCollection<Document> disputes;
    final MongoCollection<Document> evidence;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> eventsReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> disputesReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> evidenceReader;

    final ReadModelDatabase database;

    public AuditCollections(ReadModelDatabase database) {
        this.database = database;
        events = database.collection(EVENTS);
        chains = database.collection(CHAINS);
        disputes = database.collection(DISPUTES);
        evidence = database.collection(EVIDENCE);
        eventsReader = database.reader(EVENTS);
        disputesReader = database.reader(DISPUTES);
        evidenceReader = database.reader(EVIDENCE);
    }

    /** Declares the indexes the queries need; safe to call on every start. */
    public void ensureIndexes() {
        events.createIndex(Indexes.ascending("conversationId", "sequence"), new IndexOptions().unique(true));
        disputes.createIndex(Indexes.ascending("status", "openedAt"));
        disputes.createIndex(Indexes.ascending("conversationId"));
        evidence.createIndex(Indexes.ascending("disputeId", "sequence"));
    }
}

package livechat.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import livechat.query.mongo.ReadModelDatabase;
import org.bson.Document;

/**
 * Where the dispute audit lives: one document per event keyed by (conversation, sequence), the head of each
 * conversation's chain (what the next link needs), one document per dispute, and one per piece of evidence.
 */
public final class AuditCollections {

    static final String EVENTS = "audit_events";
    static final String CHAINS = "audit_chains";
    static final String DISPUTES = "audit_disputes";
    static final String EVIDENCE = "audit_evidence";

    final MongoCollection<Document> events;
    final MongoCollection<Document> chains;
    final MongoCollection<Document> disputes;
    final MongoCollection<Document> evidence;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> eventsReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> disputesReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> evidenceReader;

    public AuditCollections(ReadModelDatabase database) {
        events = database.blocking().getCollection(EVENTS);
        chains = database.blocking().getCollection(CHAINS);
        disputes = database.blocking().getCollection(DISPUTES);
        evidence = database.blocking().getCollection(EVIDENCE);
        eventsReader = database.reactive().getCollection(EVENTS);
        disputesReader = database.reactive().getCollection(DISPUTES);
        evidenceReader = database.reactive().getCollection(EVIDENCE);
    }

    /** Declares the indexes the queries need; safe to call on every start. */
    public void ensureIndexes() {
        events.createIndex(Indexes.ascending("conversationId", "sequence"), new IndexOptions().unique(true));
        disputes.createIndex(Indexes.ascending("status", "openedAt"));
        disputes.createIndex(Indexes.ascending("conversationId"));
        evidence.createIndex(Indexes.ascending("disputeId", "sequence"));
    }
}

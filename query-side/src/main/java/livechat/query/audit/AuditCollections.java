package livechat.query.audit;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import livechat.query.projection.ReadModelCollections;
import livechat.query.projection.ReadModelDatabase;

import java.util.List;

/**
 * Where the dispute audit lives: one document per event keyed by (conversation, sequence), the head of each
 * conversation's chain (what the next link needs), one document per dispute, one per piece of evidence, and one
 * per read of a conversation's records by staff.
 */
public final class AuditCollections extends ReadModelCollections {

    static final String EVENTS = "audit_events";
    static final String CHAINS = "audit_chains";
    static final String DISPUTES = "audit_disputes";
    static final String EVIDENCE = "audit_evidence";
    static final String ACCESS = "audit_access";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> NAMES = List.of(EVENTS, CHAINS, DISPUTES, EVIDENCE, ACCESS);

    public AuditCollections(ReadModelDatabase database) {
        super(database, NAMES);
    }

    @Override
    public List<Index> indexes() {
        return List.of(
                new Index(writer(EVENTS), Indexes.ascending("conversationId", "sequence"),
                        new IndexOptions().unique(true)),
                new Index(writer(DISPUTES), Indexes.ascending("status", "openedAt")),
                new Index(writer(DISPUTES), Indexes.ascending("conversationId")),
                new Index(writer(EVIDENCE), Indexes.ascending("disputeId", "sequence")),
                new Index(writer(ACCESS), Indexes.ascending("conversationId", "at")),
                new Index(writer(ACCESS), Indexes.ascending("actor", "at")));
    }
}

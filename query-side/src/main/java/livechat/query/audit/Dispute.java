package livechat.query.audit;

import java.time.Instant;
import java.util.List;

/** A dispute: {@code OPEN} until resolved with an {@code outcome}; its evidence in the order it was added. */
public record Dispute(String disputeId, String conversationId, String status, String reason, String openedBy,
                      Instant openedAt, List<Evidence> evidence, String outcome, String resolutionNote,
                      String resolvedBy, Instant resolvedAt) {

    public record Evidence(long sequence, String note, String addedBy, Instant at) {
    }
}

package livechat.query.audit;

import livechat.events.audit.AuditRecord;

import java.util.List;

/** Every recorded event of a conversation in order, the chain's last link, and the conversation's disputes. */
public record ConversationAudit(String conversationId, List<AuditRecord> events, String chainHash,
                                List<Dispute> disputes) {
}

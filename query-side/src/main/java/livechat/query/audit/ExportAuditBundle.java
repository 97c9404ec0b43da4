package livechat.query.audit;

/** The conversation's audit as an {@code AuditBundle} zip (events NDJSON plus manifest), as bytes. */
public record ExportAuditBundle(String conversationId) {
}

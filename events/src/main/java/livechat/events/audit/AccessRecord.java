package livechat.events.audit;

/**
 * One read of a conversation's records by staff: who ({@code role:id}), what ({@code resource}: transcript,
 * transcript export, audit, audit verification or audit export), when (ISO-8601) and the purpose they gave, if any.
 */
public record AccessRecord(String conversationId, String actor, String resource, String purpose, String at) {
}

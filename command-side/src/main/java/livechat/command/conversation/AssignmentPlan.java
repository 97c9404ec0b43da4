package livechat.command.conversation;

/** What an assigner needs to know before reserving an agent: the skill required and who holds it now. */
public record AssignmentPlan(String conversationId, String requiredSkill, String currentAgentId) {
}

package livechat.query.agents;

public record FindAgentProfile(String agentId) {
}

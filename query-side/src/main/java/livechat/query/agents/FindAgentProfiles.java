package livechat.query.agents;

/** All agents, by id; {@code status} narrows to one status when not null. */
public record FindAgentProfiles(String status) {
}

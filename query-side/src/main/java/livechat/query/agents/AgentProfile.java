package livechat.query.agents;

import java.util.List;

/** An agent as supervisors and routing dashboards see them: who, what they can do, and their current load. */
public record AgentProfile(String agentId, String name, List<String> skills, int capacity, String status,
                           List<String> openConversations, int load) {
}

package livechat.events;

/** Whether an agent takes new conversations: only {@code ONLINE} agents are routed to or assigned. */
public enum AgentStatus {
    ONLINE, AWAY, OFFLINE
}

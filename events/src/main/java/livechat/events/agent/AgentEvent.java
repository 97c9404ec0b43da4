package livechat.events.agent;

import livechat.events.Actor;
import livechat.events.AgentStatus;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/** Everything that happens to one agent: who they are, whether they take work, and the work they hold. */
public sealed interface AgentEvent {

    String agentId();

    /** Skills are kept sorted, so the same facts always serialize to the same bytes. */
    private static Set<String> sorted(Set<String> skills) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(skills));
    }

    /** {@code capacity} is how many open conversations the agent may hold at once. */
    record AgentRegistered(String agentId, String name, Set<String> skills, int capacity, Actor registeredBy)
            implements AgentEvent {

        public AgentRegistered {
            skills = sorted(skills);
        }
    }

    record AgentSkillsChanged(String agentId, Set<String> skills, Actor changedBy) implements AgentEvent {

        public AgentSkillsChanged {
            skills = sorted(skills);
        }
    }

    record AgentCapacityChanged(String agentId, int capacity, Actor changedBy) implements AgentEvent {
    }

    record AgentStatusChanged(String agentId, AgentStatus status, Actor changedBy) implements AgentEvent {
    }

    /**
     * The agent holds a seat for a conversation: capacity is taken here, before the conversation records the
     * assignment, so no interleaving of assignments can exceed it.
     */
    record AgentReserved(String agentId, String conversationId, String reservationId) implements AgentEvent {
    }

    /** The agent no longer holds the conversation (closed, transferred away, unassigned, or never assigned). */
    record AgentReleased(String agentId, String conversationId, String reason) implements AgentEvent {
    }
}

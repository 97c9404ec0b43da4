package livechat.command.assignment;

import livechat.events.AgentStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the dispatcher knows, as plain values: kept beside the log position it was taken at, it lets the
 * dispatcher start from there instead of reading the whole log (see {@link Dispatcher#snapshot()}).
 *
 * @param queue      waiting conversations, first in first
 * @param assignedTo open conversation to the agent it is assigned to
 * @param pending    reservation id to its reservation
 */
public record RosterSnapshot(List<Agent> agents, List<Waiting> queue, Map<String, String> assignedTo,
                             Map<String, Reservation> pending) {

    /** A conversation waiting for an agent; {@code requiredSkill} null when any agent will do. */
    public record Waiting(String conversationId, String requiredSkill) {
    }

    /** A seat taken for a conversation, not yet turned into its assignment. */
    public record Reservation(String agentId, String conversationId, Instant at) {
    }

    /** One agent as the dispatcher sees them: {@code held} are the conversations they hold a seat for. */
    public record Agent(String agentId, AgentStatus status, Set<String> skills, int capacity, Set<String> held,
                        Instant idleSince) {
    }
}

package livechat.command.assignment;

import livechat.command.assignment.RosterSnapshot.Reservation;
import livechat.command.assignment.RosterSnapshot.Waiting;
import livechat.events.AgentStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dispatcher's picture of who can take work and what waits for it, built from the event log (and kept as a
 * {@link RosterSnapshot} with the log position it stands at, so a start need not read the whole log). It is only a
 * guide for choosing: every assignment it suggests is still decided by the aggregates.
 */
final class Roster {

    record Seat(String agentId, String conversationId) {
    }

    private static final class AgentView {
        AgentStatus status = AgentStatus.OFFLINE;
        Set<String> skills = Set.of();
        int capacity;
        final Set<String> held = new HashSet<>();
        Instant idleSince = Instant.EPOCH;
    }

    private final Map<String, AgentView> agents = new HashMap<>();
    /** Waiting conversations in the order they started waiting. */
    private final LinkedHashMap<String, Waiting> queue = new LinkedHashMap<>();
    /** conversation -> agent it is assigned to, for open conversations. */
    private final Map<String, String> assignedTo = new HashMap<>();
    private final Map<String, Reservation> pending = new HashMap<>();

    synchronized void registered(String agentId, Set<String> skills, int capacity) {
        AgentView agent = agents.computeIfAbsent(agentId, id -> new AgentView());
        agent.skills = skills;
        agent.capacity = capacity;
    }

    synchronized void skills(String agentId, Set<String> skills) {
        agent(agentId).skills = skills;
    }

    synchronized void capacity(String agentId, int capacity) {
        agent(agentId).capacity = capacity;
    }

    synchronized void status(String agentId, AgentStatus status, Instant at) {
        AgentView agent = agent(agentId);
        if (status == AgentStatus.ONLINE && agent.status != AgentStatus.ONLINE) {
            agent.idleSince = at;
        }
        agent.status = status;
    }

    synchronized void reserved(String agentId, String conversationId, String reservationId, Instant at) {
        AgentView agent = agent(agentId);
        agent.held.add(conversationId);
        agent.idleSince = at;
        pending.put(reservationId, new Reservation(agentId, conversationId, at));
    }

    synchronized void released(String agentId, String conversationId, Instant at) {
        AgentView agent = agent(agentId);
        if (agent.held.remove(conversationId)) {
            agent.idleSince = at;
        }
    }

    synchronized void queued(String conversationId, String requiredSkill) {
        queue.remove(conversationId);
        queue.put(conversationId, new Waiting(conversationId, requiredSkill));
        assignedTo.remove(conversationId);
    }

    synchronized void assigned(String conversationId, String agentId, String reservationId) {
        queue.remove(conversationId);
        assignedTo.put(conversationId, agentId);
        pending.remove(reservationId);
    }

    synchronized void unassigned(String conversationId) {
        assignedTo.remove(conversationId);
    }

    synchronized void closed(String conversationId) {
        queue.remove(conversationId);
        assignedTo.remove(conversationId);
    }

    synchronized void abandoned(String reservationId) {
        pending.remove(reservationId);
    }

    synchronized List<Waiting> waiting() {
        return new ArrayList<>(queue.values());
    }

    synchronized boolean isWaiting(String conversationId) {
        return queue.containsKey(conversationId);
    }

    /**
     * Agents who could take a conversation needing {@code skill}, best first: fewest open conversations, then the
     * one idle longest (since going online or last taking or finishing a conversation).
     */
    synchronized List<String> candidates(String skill) {
        return agents.entrySet().stream()
                .filter(e -> e.getValue().status == AgentStatus.ONLINE)
                .filter(e -> skill == null || e.getValue().skills.contains(skill))
                .filter(e -> e.getValue().held.size() < e.getValue().capacity)
                .sorted(Comparator.<Map.Entry<String, AgentView>>comparingInt(e -> e.getValue().held.size())
                        .thenComparing(e -> e.getValue().idleSince)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Reservations older than {@code before} that never became an assignment. */
    synchronized Map<String, Reservation> staleReservations(Instant before) {
        Map<String, Reservation> stale = new HashMap<>();
        pending.forEach((id, reservation) -> {
            if (reservation.at().isBefore(before)) {
                stale.put(id, reservation);
            }
        });
        return stale;
    }

    /** Seats agents hold for conversations that are closed or now with someone else. */
    synchronized List<Seat> seatsHeldInVain() {
        Set<Seat> reserved = new HashSet<>();
        pending.values().forEach(r -> reserved.add(new Seat(r.agentId(), r.conversationId())));
        List<Seat> vain = new ArrayList<>();
        agents.forEach((agentId, agent) -> agent.held.forEach(conversationId -> {
            Seat seat = new Seat(agentId, conversationId);
            if (!agentId.equals(assignedTo.get(conversationId)) && !reserved.contains(seat)) {
                vain.add(seat);
            }
        }));
        return vain;
    }

    synchronized RosterSnapshot snapshot() {
        List<RosterSnapshot.Agent> agentStates = new ArrayList<>();
        agents.forEach((id, agent) -> agentStates.add(new RosterSnapshot.Agent(id, agent.status, agent.skills,
                agent.capacity, Set.copyOf(agent.held), agent.idleSince)));
        return new RosterSnapshot(agentStates, new ArrayList<>(queue.values()), Map.copyOf(assignedTo),
                Map.copyOf(pending));
    }

    /** Becomes what {@code snapshot} was, forgetting what it held before. */
    synchronized void restore(RosterSnapshot snapshot) {
        agents.clear();
        queue.clear();
        assignedTo.clear();
        pending.clear();
        for (RosterSnapshot.Agent state : snapshot.agents()) {
            AgentView agent = agent(state.agentId());
            agent.status = state.status();
            agent.skills = Set.copyOf(state.skills());
            agent.capacity = state.capacity();
            agent.held.addAll(state.held());
            agent.idleSince = state.idleSince();
        }
        snapshot.queue().forEach(waiting -> queue.put(waiting.conversationId(), waiting));
        assignedTo.putAll(snapshot.assignedTo());
        pending.putAll(snapshot.pending());
    }

    private AgentView agent(String agentId) {
        return agents.computeIfAbsent(agentId, id -> new AgentView());
    }
}

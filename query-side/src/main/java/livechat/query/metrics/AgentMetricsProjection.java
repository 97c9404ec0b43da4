package livechat.query.metrics;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import livechat.events.Role;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.conversation.ConversationEvent;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.AgentUnassigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationReopened;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.ConversationTransferred;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.query.projection.MongoProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import static livechat.query.metrics.MetricsCollections.AGENTS;
import static livechat.query.metrics.MetricsCollections.CONVERSATIONS;
import static livechat.query.metrics.MetricsCollections.FACTS;

/**
 * Turns the event log into metric facts, following the definitions in docs/read-models.md (see {@link MetricKind}). Each
 * conversation's {@link ConversationClock} is read once per batch, carried through the batch's events in memory and
 * written back after the batch's facts, only over an older state; an event at or below the clock's last sequence was
 * applied before and is skipped, so replays and redeliveries in any batching give the same facts.
 */
@ProcessingGroup(AgentMetricsProjection.PROCESSING_GROUP)
public class AgentMetricsProjection extends MongoProjection {

    public static final String PROCESSING_GROUP = "agent-metrics";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final String AGENT_NAME = "agentName";
    /** On an agent's document: facts stored before its name was known, which the registration names. */
    private static final String UNNAMED = "unnamedFacts";

    private final MetricsCollections collections;
    private final ZoneId zone;
    /** Names as registered; an agent's name never changes, so any copy of it is current. */
    private final Map<String, String> names = new ConcurrentHashMap<>();

    public AgentMetricsProjection(MetricsCollections collections, ZoneId zone) {
        super(collections.database());
        this.collections = collections;
        this.zone = zone;
    }

    /** Where the facts of one event come from: the event's id (their key), its time and conversation. */
    private record Credit(String eventId, Instant at, String conversationId) {
    }

    @EventHandler
    void on(ConversationStarted event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        apply(event, sequence, clock -> clock.beginPeriod(at));
    }

    @EventHandler
    void on(AgentAssigned event, @SequenceNumber Long sequence, @Timestamp Instant at, @MessageIdentifier String id) {
        Credit credit = new Credit(id, at, event.conversationId());
        apply(event, sequence, clock -> {
            if (clock.awaitingFirstAssignment) {
                fact(credit, MetricKind.QUEUE, event.agentId(), between(clock.periodStart, at));
                clock.awaitingFirstAssignment = false;
            }
            endHandling(credit, clock);
            hold(credit, clock, event.agentId());
        });
    }

    @EventHandler
    void on(ConversationTransferred event, @SequenceNumber Long sequence, @Timestamp Instant at,
            @MessageIdentifier String id) {
        Credit credit = new Credit(id, at, event.conversationId());
        apply(event, sequence, clock -> {
            endHandling(credit, clock);
            hold(credit, clock, event.toAgentId());
        });
    }

    @EventHandler
    void on(AgentUnassigned event, @SequenceNumber Long sequence, @Timestamp Instant at,
            @MessageIdentifier String id) {
        apply(event, sequence, clock -> endHandling(new Credit(id, at, event.conversationId()), clock));
    }

    @EventHandler
    void on(MessageSent event, @SequenceNumber Long sequence, @Timestamp Instant at, @MessageIdentifier String id) {
        Credit credit = new Credit(id, at, event.conversationId());
        apply(event, sequence, clock -> {
            if (event.internal()) {
                return;
            }
            if (event.author().is(Role.VISITOR) && clock.waitingSince == null) {
                clock.waitingSince = at;
            } else if (event.author().is(Role.AGENT)) {
                String agent = event.author().id();
                fact(credit, MetricKind.MESSAGE, agent, null);
                if (clock.waitingSince != null) {
                    long replyTime = between(clock.waitingSince, at);
                    fact(credit, MetricKind.REPLY, agent, replyTime);
                    if (!clock.replied) {
                        fact(credit, MetricKind.FIRST_RESPONSE, agent, replyTime);
                        clock.replied = true;
                    }
                    clock.waitingSince = null;
                }
            }
        });
    }

    @EventHandler
    void on(ConversationClosed event, @SequenceNumber Long sequence, @Timestamp Instant at,
            @MessageIdentifier String id) {
        Credit credit = new Credit(id, at, event.conversationId());
        apply(event, sequence, clock -> {
            String closer = event.agentId() != null ? event.agentId() : clock.assignee;
            fact(credit, MetricKind.RESOLUTION, closer, between(clock.periodStart, at));
            if (closer != null) {
                fact(credit, MetricKind.CLOSED, closer, null);
            }
            endHandling(credit, clock);
            clock.closed = true;
            clock.waitingSince = null;
        });
    }

    @EventHandler
    void on(ConversationReopened event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        apply(event, sequence, clock -> {
            clock.period++;
            clock.beginPeriod(at);
        });
    }

    @EventHandler
    void on(ConversationRated event, @SequenceNumber Long sequence, @Timestamp Instant at) {
        apply(event, sequence, clock -> {
            // A rating is of the period the last close ended: the current one while closed, else the one before.
            int rated = clock.closed ? clock.period : clock.period - 1;
            String id = event.conversationId() + ":rating:" + rated;
            Document rating = fact(id, MetricKind.RATING, event.agentId(), event.conversationId(), at, null)
                    .append("score", event.score());
            Document update = new Document("$set", rating);
            if (event.agentId() != null && !rating.containsKey(AGENT_NAME)) {
                update.append("$unset", new Document(AGENT_NAME, ""));
            }
            write(collections.writer(FACTS), new UpdateOneModel<>(Filters.eq("_id", id), update, UPSERT));
        });
    }

    @EventHandler
    void on(AgentRegistered event) {
        names.put(event.agentId(), event.name());
        write(collections.writer(AGENTS), new UpdateOneModel<>(Filters.eq("_id", event.agentId()),
                Updates.set("name", event.name()), UPSERT));
        // After the name is stored: facts that asked for it before then are listed on the agent's document.
        afterWrite(() -> {
            Document agent = collections.writer(AGENTS).find(Filters.eq("_id", event.agentId())).first();
            List<String> waiting = agent == null ? List.of() : agent.getList(UNNAMED, String.class, List.of());
            nameFacts(event.agentId(), event.name(), waiting);
        });
    }

    @EventHandler
    void on(AgentReserved event, @Timestamp Instant at, @MessageIdentifier String id) {
        fact(new Credit(id, at, event.conversationId()), MetricKind.RESERVED, event.agentId(), null);
    }

    @EventHandler
    void on(AgentReleased event, @Timestamp Instant at, @MessageIdentifier String id) {
        fact(new Credit(id, at, event.conversationId()), MetricKind.RELEASED, event.agentId(), null);
    }

    @Override
    protected void beforeFlush() {
        Map<String, ConversationClock> clocks = clocks();
        for (String changed : changed()) {
            ConversationClock clock = clocks.get(changed);
            // Unguarded: the clock was read from this document at the start of the batch and only took newer events.
            write(collections.writer(CONVERSATIONS), new UpdateOneModel<>(Filters.eq("_id", changed),
                    new Document("$set", clock.toDocument()), UPSERT));
        }
    }

    private void hold(Credit credit, ConversationClock clock, String agentId) {
        fact(credit, MetricKind.ASSIGNED, agentId, null);
        clock.assignee = agentId;
        clock.assignedSince = credit.at();
    }

    private void endHandling(Credit credit, ConversationClock clock) {
        if (clock.assignee != null) {
            fact(credit, MetricKind.HANDLE, clock.assignee, between(clock.assignedSince, credit.at()));
            clock.assignee = null;
            clock.assignedSince = null;
        }
    }

    private void fact(Credit credit, MetricKind kind, String agentId, Long valueMs) {
        String id = credit.eventId() + ":" + kind;
        Document fact = fact(id, kind, agentId, credit.conversationId(), credit.at(), valueMs);
        String name = fact.getString(AGENT_NAME);
        // A redelivered fact may have been stored before its agent's name was known here.
        insertOnce(collections.writer(FACTS), id, fact, name == null ? null : Updates.set(AGENT_NAME, name));
    }

    /** The fact {@code id}; without {@code agentName} while the agent's name is unknown, which it gets later. */
    private Document fact(String id, MetricKind kind, String agentId, String conversationId, Instant at,
                          Long valueMs) {
        Document fact = new Document("kind", kind.name()).append("agentId", agentId);
        String name = agentId == null ? null : name(agentId);
        if (name != null) {
            fact.append(AGENT_NAME, name);
        } else if (agentId != null) {
            awaitName(agentId, id);
        }
        return fact.append("conversationId", conversationId)
                .append("day", LocalDate.ofInstant(at, zone).toString())
                .append("at", Date.from(at))
                .append("valueMs", valueMs);
    }

    /** The agent's name if it was registered, looked up once per batch while unknown to this projection. */
    private String name(String agentId) {
        String name = names.get(agentId);
        if (name == null && batchResource("looked-up", HashSet<String>::new).add(agentId)) {
            Document agent = collections.writer(AGENTS).find(Filters.eq("_id", agentId)).first();
            if (agent != null && agent.getString("name") != null) {
                name = agent.getString("name");
                names.put(agentId, name);
            }
        }
        return name;
    }

    /**
     * Notes a fact of this batch stored without its agent's name. Once the batch is written, each agent's
     * document lists them, and if the name is there by then they get it at once. The registration reads that list
     * after storing the name, so whichever of the two comes second on the agent's document names the facts, in any
     * order of segments or replay lanes.
     */
    private void awaitName(String agentId, String factId) {
        Map<String, List<String>> unnamed = batchResource("unnamed", HashMap<String, List<String>>::new);
        if (unnamed.isEmpty()) {
            afterWrite(() -> unnamed.forEach((agent, facts) -> {
                Document listed = collections.writer(AGENTS).findOneAndUpdate(Filters.eq("_id", agent),
                        Updates.addEachToSet(UNNAMED, facts), new FindOneAndUpdateOptions().upsert(true)
                                .returnDocument(ReturnDocument.AFTER));
                if (listed != null && listed.getString("name") != null) {
                    nameFacts(agent, listed.getString("name"), facts);
                }
            }));
        }
        unnamed.computeIfAbsent(agentId, agent -> new ArrayList<>()).add(factId);
    }

    private void nameFacts(String agentId, String name, List<String> facts) {
        if (facts.isEmpty()) {
            return;
        }
        names.put(agentId, name);
        collections.writer(FACTS).updateMany(Filters.in("_id", facts), Updates.set(AGENT_NAME, name));
        MongoCollection<Document> agents = collections.writer(AGENTS);
        agents.updateOne(Filters.eq("_id", agentId), Updates.pullAll(UNNAMED, facts));
        // The document ends the same in any order: no list once nothing waits.
        agents.updateOne(Filters.and(Filters.eq("_id", agentId), Filters.size(UNNAMED, 0)), Updates.unset(UNNAMED));
    }

    private static long between(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private void apply(ConversationEvent event, long sequence, Consumer<ConversationClock> change) {
        ConversationClock clock = clocks().computeIfAbsent(event.conversationId(), ConversationClock::new);
        if (sequence <= clock.lastSequence) {
            return;
        }
        change.accept(clock);
        clock.lastSequence = sequence;
        changed().add(clock.conversationId);
    }

    /** The clocks of every conversation in the batch, read in one query when the batch's first event needs one. */
    private Map<String, ConversationClock> clocks() {
        return batchResource("clocks", () -> {
            Map<String, ConversationClock> clocks = new HashMap<>();
            collections.writer(CONVERSATIONS).find(Filters.in("_id", conversationsInBatch()))
                    .forEach(document -> clocks.put(document.getString("_id"), ConversationClock.from(document)));
            return clocks;
        });
    }

    private Set<String> changed() {
        return batchResource("changed", LinkedHashSet::new);
    }
}

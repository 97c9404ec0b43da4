package livechat.bench;

import livechat.events.Actor;
import livechat.events.AgentStatus;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.agent.AgentEvent.AgentStatusChanged;
import livechat.events.conversation.ConversationEvent.AgentAssigned;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationQueued;
import livechat.events.conversation.ConversationEvent.ConversationRated;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.conversation.ConversationEvent.MessagesSeen;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A realistic, valid event log written straight into an H2 event store with the server's engine and serializer
 * (far faster than through commands): agents registered and online; conversations started, queued, given a seat
 * and assigned by routing, many visitor and agent messages (a few internal notes), read receipts from both sides,
 * closed by the visitor with the seat released, most rated, some disputed (opened, evidence, resolved). Forty
 * conversations run at once, their events interleaved as on a busy server. Every event carries the {@code actor}
 * metadata the command side stamps. The same seed gives the same log, and a smaller size gives a prefix of the
 * larger log (conversations open at the cut are finished, so every log ends with all seats free).
 */
final class GeneratedLog {

    /** What was written: the number of events (global positions 0..events-1), conversations and agents. */
    record Summary(long events, int conversations, int agents) {
        long head() {
            return events - 1;
        }

        @Override
        public String toString() {
            return "%,d events (%,d conversations, %d agents)".formatted(events, conversations, agents);
        }
    }

    private static final int AGENTS = 20;
    private static final int CAPACITY = 5;
    private static final int CONCURRENT = 40;
    private static final int APPEND_BATCH = 5_000;
    private static final Actor SUPERVISOR = Actor.parse("supervisor:bench-supervisor");
    private static final Actor ROUTING = Actor.system("routing");
    private static final String[] VISITOR_LINES = {
            "Hello, I ordered a blue jacket last week and it still has not arrived. Can you help?",
            "The order number is 4711, placed on Monday.", "I was charged twice for the same order.",
            "Yes, the address is correct.", "Thanks, that helps a lot!", "Could you send me the tracking link?"};
    private static final String[] AGENT_LINES = {
            "Sorry about that! Let me check the order for you.", "I can see the parcel left our warehouse on Tuesday.",
            "The duplicate charge is refunded; it shows within 3 to 5 business days.",
            "Here is the tracking link: https://example.com/track/4711", "Is there anything else I can do for you?"};

    private final Random random;
    private final List<DomainEventMessage<?>> pending = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final int[] load = new int[AGENTS];
    private final EventStoreFixture store;
    private Instant clock = Instant.parse("2026-05-04T08:00:00Z");
    private long written;

    private GeneratedLog(EventStoreFixture store, long seed) {
        this.store = store;
        this.random = new Random(seed);
    }

    /** Writes about {@code events} events (never more) into a new event store in {@code dataDir}. */
    static Summary write(Path dataDir, long events, long seed) {
        return write(dataDir, events, seed, false);
    }

    /** With personal content sealed under the data folder's keys, as the server writes it, if {@code sealed}. */
    static Summary write(Path dataDir, long events, long seed, boolean sealed) {
        try (EventStoreFixture store = new EventStoreFixture(dataDir, sealed)) {
            return new GeneratedLog(store, seed).generate(events);
        }
    }

    private Summary generate(long budget) {
        for (int a = 0; a < AGENTS; a++) {
            Actor agent = Actor.parse("agent:" + agentId(a));
            append("Agent", agentId(a), SUPERVISOR, new AgentRegistered(agentId(a), "Agent " + a,
                    Set.of("billing", "orders"), CAPACITY, SUPERVISOR));
            append("Agent", agentId(a), agent, new AgentStatusChanged(agentId(a), AgentStatus.ONLINE, agent));
        }
        List<Conversation> active = new ArrayList<>();
        int started = 0;
        boolean starting = true;
        while (true) {
            while (starting && active.size() < CONCURRENT) {
                Conversation next = new Conversation(started);
                long remaining = active.stream().mapToLong(Conversation::remaining).sum();
                if (written + remaining + next.remaining() > budget) {
                    starting = false;
                    break;
                }
                active.add(next);
                started++;
            }
            if (active.isEmpty()) {
                break;
            }
            Conversation conversation = active.get(random.nextInt(active.size()));
            conversation.step();
            if (conversation.remaining() == 0) {
                active.remove(conversation);
            }
        }
        flush();
        return new Summary(written, started, AGENTS);
    }

    /** One conversation's whole life, decided when it starts, played one event at a time. */
    private final class Conversation {
        private final String id;
        private final Actor visitor;
        private final List<Runnable> steps = new ArrayList<>();
        private int agent = -1;
        private String reservation;
        private int next;

        Conversation(int n) {
            id = "c-%08d".formatted(n);
            visitor = Actor.parse("visitor:v-" + n);
            String skill = random.nextBoolean() ? "billing" : "orders";
            steps.add(() -> conversation(visitor, new ConversationStarted(id, visitor.id(), "Order " + (4000 + n),
                    skill)));
            steps.add(() -> conversation(visitor, new ConversationQueued(id, skill, "started")));
            steps.add(() -> {
                agent = leastLoaded();
                load[agent]++;
                reservation = uuid();
                append("Agent", agentId(agent), ROUTING, new AgentReserved(agentId(agent), id, reservation));
            });
            steps.add(() -> conversation(ROUTING, new AgentAssigned(id, agentId(agent), reservation, ROUTING)));
            int messages = 10 + random.nextInt(21);
            boolean visitorsTurn = true;
            for (int m = 0; m < messages; m++) {
                boolean fromVisitor = visitorsTurn;
                boolean note = !fromVisitor && random.nextInt(10) == 0;
                steps.add(() -> message(fromVisitor, note));
                if (random.nextInt(4) == 0) {
                    boolean visitorReads = !fromVisitor;
                    steps.add(() -> conversation(reader(visitorReads),
                            new MessagesSeen(id, reader(visitorReads), sequences.get(id))));
                }
                visitorsTurn = random.nextInt(3) == 0 ? visitorsTurn : !visitorsTurn;
            }
            steps.add(() -> conversation(visitor, new ConversationClosed(id, visitor, "solved", agentId(agent))));
            steps.add(() -> {
                load[agent]--;
                append("Agent", agentId(agent), visitor, new AgentReleased(agentId(agent), id, "closed"));
            });
            if (random.nextInt(5) != 0) {
                int score = 1 + random.nextInt(5);
                steps.add(() -> conversation(visitor, new ConversationRated(id, score, "score " + score,
                        agentId(agent))));
            }
            if (random.nextInt(20) == 0) {
                String dispute = "d-" + n;
                steps.add(() -> conversation(visitor, new DisputeOpened(id, dispute, "The refund never came",
                        visitor)));
                steps.add(() -> conversation(SUPERVISOR, new DisputeEvidenceAdded(id, dispute,
                        "Bank statement attached", SUPERVISOR)));
                steps.add(() -> conversation(SUPERVISOR, new DisputeResolved(id, dispute, "settled",
                        "Refunded again", SUPERVISOR)));
            }
        }

        long remaining() {
            return steps.size() - next;
        }

        void step() {
            steps.get(next++).run();
        }

        private Actor reader(boolean visitorReads) {
            return visitorReads ? visitor : Actor.parse("agent:" + agentId(agent));
        }

        private void message(boolean fromVisitor, boolean note) {
            Actor author = fromVisitor ? visitor : Actor.parse("agent:" + agentId(agent));
            String[] lines = fromVisitor ? VISITOR_LINES : AGENT_LINES;
            long sequence = sequences.getOrDefault(id, -1L) + 1;
            conversation(author, new MessageSent(id, "m-" + id + "-" + sequence, "cm-" + sequence, author,
                    lines[random.nextInt(lines.length)], note));
        }

        private void conversation(Actor actor, Object payload) {
            append("Conversation", id, actor, payload);
        }
    }

    private int leastLoaded() {
        int best = 0;
        for (int a = 1; a < AGENTS; a++) {
            if (load[a] < load[best]) {
                best = a;
            }
        }
        if (load[best] >= CAPACITY) {
            throw new IllegalStateException("no agent has a free seat");
        }
        return best;
    }

    private static String agentId(int n) {
        return "agent-" + n;
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private void append(String type, String aggregateId, Actor actor, Object payload) {
        long sequence = sequences.merge(aggregateId, 0L, (last, zero) -> last + 1);
        clock = clock.plusMillis(200 + random.nextInt(2_800));
        pending.add(new GenericDomainEventMessage<>(type, aggregateId, sequence, payload,
                MetaData.with("actor", actor.toString()), uuid(), clock));
        written++;
        if (pending.size() == APPEND_BATCH) {
            flush();
        }
    }

    private void flush() {
        if (!pending.isEmpty()) {
            store.engine.appendEvents(pending);
            pending.clear();
        }
    }
}

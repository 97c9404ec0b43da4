package livechat.eventstore.audit;

import livechat.events.audit.AuditLink;
import livechat.events.audit.ChainCheck;
import livechat.events.audit.Checkpoint;
import livechat.events.audit.CheckpointKey;
import livechat.events.audit.CheckpointSink;
import livechat.events.audit.CheckpointSink.Anchor;
import livechat.events.audit.CheckpointSink.Entry;
import livechat.events.audit.CheckpointSink.State;
import livechat.events.audit.HashChain;
import livechat.events.audit.MerkleTree;
import livechat.events.audit.StoredEvents;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Makes signed checkpoints: follows the event log from the position the latest checkpoint covers, extends each
 * changed stream's anchored head with the links written since, and signs the Merkle root over every stream's head.
 * <p>
 * A new head is anchored only if it extends the one anchored before: the stored links after the old head must
 * start from it and follow one another. A stream whose events carry no write-time links (written before chaining)
 * or do not follow on has its chain recomputed from its stored events, and is anchored only if that chain still
 * passes through its old head; otherwise it keeps its old anchor, and verification will report it. So an anchored
 * head is never replaced by a rewritten history, and a rewrite of anchored events is found whatever was recomputed.
 */
public final class Checkpointer {

    /** A stream's chain as its new events in the log extend it from its anchored head. */
    private static final class Tail {
        final Anchor anchored;
        String type;
        long sequence;
        String link;
        boolean follows = true;

        Tail(Anchor anchored) {
            this.anchored = anchored;
            sequence = anchored == null ? -1 : anchored.sequence();
            link = anchored == null ? HashChain.GENESIS : anchored.head();
        }

        void accept(DomainEventMessage<?> event) {
            type = event.getType();
            if (!follows || event.getSequenceNumber() <= (anchored == null ? -1 : anchored.sequence())) {
                return;
            }
            Object previous = event.getMetaData().get(AuditLink.PREVIOUS);
            Object own = event.getMetaData().get(AuditLink.LINK);
            if (event.getSequenceNumber() != sequence + 1 || own == null || !link.equals(previous)) {
                follows = false;
                return;
            }
            sequence = event.getSequenceNumber();
            link = own.toString();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    public static final String CONVERSATION = "Conversation";

    private final EventStorageEngine engine;
    private final StoredEvents stored;
    private final Serializer serializer;
    private final CheckpointSink sink;
    private final CheckpointKey key;
    private final Clock clock;
    private State state;

    public Checkpointer(EventStorageEngine engine, StoredEvents stored, Serializer serializer, CheckpointSink sink,
                        CheckpointKey key, Clock clock) throws IOException {
        this.engine = engine;
        this.stored = stored;
        this.serializer = serializer;
        this.sink = sink;
        this.key = key;
        this.clock = clock;
        this.state = sink.load(key.publicKey());
    }

    public CheckpointSink sink() {
        return sink;
    }

    /** The sink as of the latest checkpoint made or found. */
    public synchronized State state() {
        return state;
    }

    /**
     * Makes the next checkpoint if any stream's head moved since the latest, or always when {@code evenIfUnchanged}.
     * Empty when nothing changed and none was asked for.
     */
    public synchronized Optional<Checkpoint> checkpoint(boolean evenIfUnchanged) throws IOException {
        TrackingToken from = position(state.latest());
        Map<String, Tail> tails = new LinkedHashMap<>();
        TrackingToken to = from;
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                to = event.trackingToken();
                if (event instanceof DomainEventMessage<?> domain) {
                    tails.computeIfAbsent(domain.getAggregateIdentifier(), id -> new Tail(state.anchors().get(id)))
                            .accept(domain);
                }
            }
        }
        List<Anchor> changes = new ArrayList<>();
        tails.forEach((id, tail) -> extend(id, tail).ifPresent(changes::add));
        if (changes.isEmpty() && !evenIfUnchanged) {
            return Optional.empty();
        }
        TreeMap<String, Anchor> anchors = new TreeMap<>(state.anchors());
        changes.forEach(anchor -> anchors.put(anchor.id(), anchor));
        MerkleTree tree = new MerkleTree(anchors.values().stream().map(Anchor::leaf).toList());
        Entry latest = state.latest();
        Checkpoint checkpoint = Checkpoint.sign(latest == null ? 1 : latest.checkpoint().sequence() + 1, tree.root(),
                anchors.size(), (int) anchors.values().stream().filter(a -> CONVERSATION.equals(a.type())).count(),
                clock.instant(), latest == null ? HashChain.GENESIS : latest.checkpoint().digest(),
                key.privateKey(), key.publicKey());
        SerializedObject<String> position = to == null ? null : serializer.serialize(to, String.class);
        Entry entry = new Entry(checkpoint, position == null ? null : position.getType().getName(),
                position == null ? null : position.getData(), changes);
        try {
            sink.append(entry);
        } catch (IOException e) {
            // Another writer may have added a checkpoint: continue from what the sink now holds.
            state = sink.load(key.publicKey());
            throw e;
        }
        state = new State(entry, Collections.unmodifiableMap(anchors));
        return Optional.of(checkpoint);
    }

    private Optional<Anchor> extend(String id, Tail tail) {
        Anchor old = tail.anchored;
        long sequence = tail.sequence;
        String link = tail.link;
        if (!tail.follows) {
            ChainCheck chain = ChainCheck.of(stored.read(id));
            if (old != null && !old.head().equals(chain.linkAt(old.sequence()))) {
                log.error("The stored events of {} no longer lead to the head anchored at sequence {}: it keeps "
                        + "that anchor, and verifying it will fail", id, old.sequence());
                return Optional.empty();
            }
            sequence = chain.events() - 1;
            link = chain.head();
        }
        return sequence > (old == null ? -1 : old.sequence())
                ? Optional.of(new Anchor(id, tail.type, sequence, link)) : Optional.empty();
    }

    private TrackingToken position(Entry entry) {
        if (entry == null || entry.position() == null) {
            return null;
        }
        try {
            return serializer.deserialize(new SimpleSerializedObject<>(entry.position(), String.class,
                    entry.positionType(), null));
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("checkpoint " + entry.checkpoint().sequence()
                    + " names a log position this store cannot read: " + e.getMessage(), e));
        }
    }
}

package livechat.eventstore.audit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import livechat.events.audit.AuditLink;
import livechat.events.audit.ChainCheck;
import livechat.events.audit.HashChain;
import livechat.events.audit.StoredEvents;
import livechat.eventstore.AppendedSequences;
import livechat.eventstore.ForwardingEventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixes the write-time audit chain ({@link AuditLink}) as events are appended: each domain event gets the link of
 * the event before it in its aggregate and its own link in its metadata, computed over its payload serialized by
 * the serializer the engine stores it with, so the link covers the bytes as stored. Events that belong to no
 * aggregate pass unchanged.
 * <p>
 * The link before an append is the aggregate's last committed link: remembered once the append's unit of work
 * committed (a refused or rolled-back append leaves nothing behind), otherwise read from the store. An aggregate
 * whose last event predates chaining gets its chain computed from its stored events once.
 */
public final class LinkingEventStorageEngine extends ForwardingEventStorageEngine {

    private record Head(long sequence, String link) {
    }

    private final Serializer serializer;
    private final StoredEvents stored;
    private final Cache<String, Head> heads;

    public LinkingEventStorageEngine(EventStorageEngine delegate, Serializer serializer, StoredEvents stored,
                                     long rememberedAggregates) {
        super(delegate);
        this.serializer = serializer;
        this.stored = stored;
        this.heads = Caffeine.newBuilder().maximumSize(rememberedAggregates).build();
    }

    /** The delegate's events as stored, for verifying what this engine linked. */
    public StoredEvents stored() {
        return stored;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        // Refused before linking: a skipped sequence has no link to follow.
        AppendedSequences.check(events);
        Map<String, Head> appended = new HashMap<>();
        List<EventMessage<?>> linked = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain) {
                String aggregateId = domain.getAggregateIdentifier();
                String previous = previous(aggregateId, domain.getSequenceNumber(), appended.get(aggregateId));
                Object actor = domain.getMetaData().get("actor");
                String link = new AuditLink(domain.getIdentifier(), aggregateId, domain.getSequenceNumber(),
                        domain.getPayloadType().getName(), domain.getTimestamp(),
                        actor == null ? null : actor.toString(),
                        domain.serializePayload(serializer, byte[].class).getData()).after(previous);
                appended.put(aggregateId, new Head(domain.getSequenceNumber(), link));
                linked.add(domain.andMetaData(Map.of(AuditLink.PREVIOUS, previous, AuditLink.LINK, link)));
            } else {
                linked.add(event);
            }
        }
        delegate.appendEvents(linked);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> heads.putAll(appended));
        } else {
            heads.putAll(appended);
        }
    }

    private String previous(String aggregateId, long sequence, Head inThisAppend) {
        if (sequence == 0) {
            return HashChain.GENESIS;
        }
        if (inThisAppend != null && inThisAppend.sequence() == sequence - 1) {
            return inThisAppend.link();
        }
        Head committed = heads.getIfPresent(aggregateId);
        if (committed != null && committed.sequence() == sequence - 1) {
            return committed.link();
        }
        return storedLink(aggregateId, sequence - 1);
    }

    private String storedLink(String aggregateId, long sequence) {
        DomainEventStream events = delegate.readEvents(aggregateId, sequence);
        if (events.hasNext()) {
            DomainEventMessage<?> last = events.next();
            Object link = last.getMetaData().get(AuditLink.LINK);
            if (last.getSequenceNumber() == sequence && link != null) {
                return link.toString();
            }
        }
        ChainCheck chain = ChainCheck.of(stored.read(aggregateId));
        String link = chain.linkAt(sequence);
        if (link == null) {
            throw new EventStoreException("cannot link an event of " + aggregateId + " at " + (sequence + 1)
                    + ": its stored chain does not reach " + sequence
                    + (chain.ok() ? "" : " (" + chain.reason() + " at " + chain.sequence() + ")"));
        }
        return link;
    }
}

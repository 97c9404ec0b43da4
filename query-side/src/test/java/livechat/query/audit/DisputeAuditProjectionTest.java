package livechat.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import livechat.events.Actor;
import livechat.events.audit.AuditBundle;
import livechat.events.audit.AuditLink;
import livechat.events.audit.AuditRecord;
import livechat.events.audit.ChainVerification;
import livechat.events.audit.CheckpointSink;
import livechat.events.audit.HashChain;
import livechat.events.audit.StoredEvent;
import livechat.events.conversation.ConversationEvent.ConversationClosed;
import livechat.events.conversation.ConversationEvent.ConversationStarted;
import livechat.events.conversation.ConversationEvent.DisputeEvidenceAdded;
import livechat.events.conversation.ConversationEvent.DisputeOpened;
import livechat.events.conversation.ConversationEvent.DisputeResolved;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import livechat.query.projection.ProjectionDriver;
import livechat.query.projection.TestMongo;
import livechat.events.privacy.DataKeys;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static livechat.query.audit.AuditCollections.CHAINS;
import static livechat.query.audit.AuditCollections.DISPUTES;
import static livechat.query.audit.AuditCollections.EVENTS;
import static livechat.query.audit.AuditCollections.EVIDENCE;
import static livechat.query.projection.ProjectionDriver.event;
import static livechat.query.projection.TestMongo.all;
import static org.assertj.core.api.Assertions.assertThat;

class DisputeAuditProjectionTest {

    private static final String ID = "c-1";
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Actor VISITOR = Actor.parse("visitor:v-1");
    private static final Actor AUDITOR = Actor.parse("auditor:x-1");
    private static final Serializer SERIALIZER = EventSerialization.serializer();
    private static final DataKeys KEYS = DataKeys.inMemory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DomainEventMessage<?>> history = linked(List.of(
            event(ID, 0, new ConversationStarted(ID, "v-1", "Refund", null), T0, "visitor:v-1"),
            event(ID, 1, new MessageSent(ID, "m-1", "cm-1", VISITOR, "I was charged twice", false),
                    T0.plusSeconds(5), "visitor:v-1"),
            event(ID, 2, new ConversationClosed(ID, VISITOR, "solved", null), T0.plusSeconds(60), "visitor:v-1"),
            event(ID, 3, new DisputeOpened(ID, "d-1", "double charge", VISITOR), T0.plusSeconds(90), "visitor:v-1"),
            event(ID, 4, new DisputeEvidenceAdded(ID, "d-1", "bank statement", AUDITOR), T0.plusSeconds(95),
                    "auditor:x-1"),
            event(ID, 5, new DisputeEvidenceAdded(ID, "d-1", "refund issued", AUDITOR), T0.plusSeconds(96),
                    "auditor:x-1"),
            event(ID, 6, new DisputeResolved(ID, "d-1", "upheld", "refunded", AUDITOR), T0.plusSeconds(99),
                    "auditor:x-1"),
            event(ID, 7, new DisputeOpened(ID, "d-2", "rude agent", VISITOR), T0.plusSeconds(120), "visitor:v-1")));

    private final List<EventMessage<?>> tracked = ProjectionDriver.tracked(history, 40);
    /** The event store as the projection saw it; a test changes it to play the tamperer. */
    private final List<StoredEvent> store = new ArrayList<>();

    private TestMongo mongo;
    private AuditCollections collections;
    private AuditQueries queries;
    private ProjectionDriver projection;

    /** The events with the links the event store's engine writes into their metadata. */
    private static List<DomainEventMessage<?>> linked(List<DomainEventMessage<?>> events) {
        List<DomainEventMessage<?>> linked = new ArrayList<>();
        String previous = HashChain.GENESIS;
        for (DomainEventMessage<?> event : events) {
            String link = new AuditLink(event.getIdentifier(), ID, event.getSequenceNumber(),
                    event.getPayloadType().getName(), event.getTimestamp(), (String) event.getMetaData().get("actor"),
                    SERIALIZER.serialize(event.getPayload(), byte[].class).getData()).after(previous);
            linked.add(event.andMetaData(Map.of(AuditLink.PREVIOUS, previous, AuditLink.LINK, link)));
            previous = link;
        }
        return linked;
    }

    @BeforeEach
    void setUp(@TempDir Path checkpoints) {
        mongo = new TestMongo();
        collections = new AuditCollections(mongo.database());
        collections.ensureIndexes();
        queries = new AuditQueries(collections, aggregateId -> ID.equals(aggregateId) ? List.copyOf(store) : List.of(),
                () -> CheckpointSink.State.EMPTY,
                new CheckpointSink(checkpoints), Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC), KEYS);
        projection = new ProjectionDriver(new DisputeAuditProjection(collections, SERIALIZER, KEYS));
        for (int i = 0; i < history.size(); i++) {
            DomainEventMessage<?> event = history.get(i);
            store.add(StoredEvent.of(40 + i, ID, event.getSequenceNumber(), event.getIdentifier(),
                    event.getPayloadType().getName(), SERIALIZER.serialize(event.getPayload(), byte[].class).getData(),
                    event.getTimestamp().toString(), JSON.valueToTree(event.getMetaData())));
        }
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private ConversationAudit audit() {
        return queries.handle(new FindConversationAudit(ID)).block(Duration.ofSeconds(10));
    }

    private ChainVerification verify() {
        return queries.handle(new VerifyConversationAudit(ID)).block(Duration.ofSeconds(10));
    }

    @Test
    void everyEventIsRecordedWithItsPlaceInTheChain() throws Exception {
        projection.deliver(tracked);

        List<AuditRecord> records = audit().events();
        assertThat(records).extracting(AuditRecord::position).containsExactly(40L, 41L, 42L, 43L, 44L, 45L, 46L, 47L);
        assertThat(records).extracting(AuditRecord::type).containsExactly("ConversationStarted", "MessageSent",
                "ConversationClosed", "DisputeOpened", "DisputeEvidenceAdded", "DisputeEvidenceAdded",
                "DisputeResolved", "DisputeOpened");
        AuditRecord message = records.get(1);
        assertThat(message.sequence()).isEqualTo(1);
        assertThat(message.eventId()).isEqualTo(history.get(1).getIdentifier());
        assertThat(message.actor()).isEqualTo("visitor:v-1");
        assertThat(message.timestamp()).isEqualTo("2026-11-24T09:00:05Z");
        assertThat(message.payload()).isEqualTo(new String(store.get(1).payload(), StandardCharsets.UTF_8))
                .contains("\"text\":\"I was charged twice\"");
        assertThat(message.digest()).isEqualTo(HashChain.digest(store.get(1).payload()));
        assertThat(records).extracting(AuditRecord::chainHash).isEqualTo(store.stream().map(StoredEvent::link).toList());
        assertThat(records).extracting(AuditRecord::previousLink)
                .isEqualTo(store.stream().map(StoredEvent::previousLink).toList());
        assertThat(audit().chainHash()).isEqualTo(records.get(7).chainHash());
        // For analysts: a date a range query finds, and the payload's fields to query (beside the stored text).
        Document stored = collections.writer(EVENTS).find(Filters.and(
                Filters.gte("timestamp", Date.from(Instant.parse("2026-11-24T09:00:05Z"))),
                Filters.eq("event.text", "I was charged twice"))).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getLong("sequence")).isEqualTo(1);
    }

    @Test
    void disputesCarryStatusEvidenceAndOutcome() throws Exception {
        projection.deliver(tracked);

        assertThat(audit().disputes()).containsExactly(
                new Dispute("d-1", ID, "RESOLVED", "double charge", "visitor:v-1", T0.plusSeconds(90), List.of(
                        new Dispute.Evidence(4, "bank statement", "auditor:x-1", T0.plusSeconds(95)),
                        new Dispute.Evidence(5, "refund issued", "auditor:x-1", T0.plusSeconds(96))),
                        "upheld", "refunded", "auditor:x-1", T0.plusSeconds(99)),
                new Dispute("d-2", ID, "OPEN", "rude agent", "visitor:v-1", T0.plusSeconds(120), List.of(),
                        null, null, null, null));
        assertThat(queries.handle(new FindDisputes("OPEN")).map(Dispute::disputeId).collectList()
                .block(Duration.ofSeconds(10))).containsExactly("d-2");
        assertThat(queries.handle(new FindDisputes("RESOLVED")).map(Dispute::disputeId).collectList()
                .block(Duration.ofSeconds(10))).containsExactly("d-1");
        assertThat(queries.handle(new FindDisputes(null)).collectList().block(Duration.ofSeconds(10))).hasSize(2);
    }

    /** Analysts group and join on a plain id and filter on the role, without parsing role:id strings. */
    @Test
    void actorsAreStoredAsRoleAndIdBesideAPlainId() throws Exception {
        projection.deliver(tracked);

        Document resolved = collections.writer(DISPUTES).find(Filters.eq("_id", "d-1")).first();
        assertThat(resolved.get("openedBy")).isEqualTo(new Document("role", "visitor").append("id", "v-1"));
        assertThat(resolved).containsEntry("openedById", "v-1").containsEntry("resolvedById", "x-1");
        assertThat(resolved.get("resolvedBy")).isEqualTo(new Document("role", "auditor").append("id", "x-1"));
        assertThat(collections.writer(EVIDENCE).find().first()).containsEntry("addedById", "x-1");
        assertThat(collections.writer(EVENTS).countDocuments(Filters.and(Filters.eq("actor.role", "auditor"),
                Filters.eq("actorId", "x-1")))).isEqualTo(3);
    }

    /** A document projected before actors had their own shape holds role:id, and reads the same until a rebuild. */
    @Test
    void disputesProjectedWithRoleAndIdStringsReadTheSame() throws Exception {
        projection.deliver(tracked);
        collections.writer(DISPUTES).updateOne(Filters.eq("_id", "d-1"), Updates.combine(
                Updates.set("openedBy", "visitor:v-1"), Updates.unset("openedById"),
                Updates.set("resolvedBy", "auditor:x-1"), Updates.unset("resolvedById")));

        assertThat(audit().disputes().get(0).openedBy()).isEqualTo("visitor:v-1");
        assertThat(audit().disputes().get(0).resolvedBy()).isEqualTo("auditor:x-1");
    }

    @Test
    void anEventWrittenBeforeChainingIsRecordedWithTheLinkItWouldHaveHad() throws Exception {
        DomainEventMessage<?> legacy = event(ID, 0, new ConversationStarted(ID, "v-1", "Refund", null), T0,
                "visitor:v-1");
        projection.deliver(ProjectionDriver.tracked(List.of(legacy), 40));
        assertThat(audit().events().get(0).chainHash()).isEqualTo(store.get(0).link());
    }

    @Test
    void verifyIsOkForAnUntouchedStoreAndFindsTheFirstChangedPosition() throws Exception {
        projection.deliver(tracked);
        assertThat(verify()).isEqualTo(new ChainVerification(ID, true, 8, audit().chainHash(), 0L, null, null, null,
                null));

        StoredEvent original = store.get(2);
        store.set(2, new StoredEvent(original.position(), ID, 2, original.eventId(), original.payloadType(),
                new String(original.payload(), StandardCharsets.UTF_8).replace("solved", "SOLVED")
                        .getBytes(StandardCharsets.UTF_8), original.timestamp(), original.actor(),
                original.previousLink(), original.link()));
        ChainVerification tampered = verify();
        assertThat(tampered.ok()).isFalse();
        assertThat(tampered.firstMismatch()).isEqualTo(42L);
        assertThat(tampered.sequence()).isEqualTo(2L);
    }

    @Test
    void verifyReadsTheStoreNotTheAuditViewAndFindsARemovedEvent() throws Exception {
        projection.deliver(tracked.subList(0, 6));
        assertThat(verify().checked()).as("the store's events, not the view's").isEqualTo(8);
        collections.writer(EVENTS).updateOne(Filters.eq("sequence", 1),
                com.mongodb.client.model.Updates.set("chainHash", "00"));
        assertThat(verify().ok()).as("the view is a cache verification never trusts").isTrue();

        store.remove(3);
        ChainVerification removed = verify();
        assertThat(removed.ok()).isFalse();
        assertThat(removed.firstMismatch()).isEqualTo(44L);
    }

    @Test
    void theExportedBundleVerifiesOffline() throws Exception {
        projection.deliver(tracked);

        byte[] bundle = queries.handle(new ExportAuditBundle(ID)).block(Duration.ofSeconds(10));
        AuditBundle.Verification offline = AuditBundle.verify(new ByteArrayInputStream(bundle), null);
        assertThat(offline.ok()).isTrue();
        assertThat(offline.events()).isEqualTo(8);
        assertThat(offline.finalChainHash()).isEqualTo(audit().chainHash());
        assertThat(queries.handle(new ExportAuditBundle("nope")).blockOptional(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void replayingInAnyBatchingChangesNothing() throws Exception {
        projection.deliver(tracked);
        List<Document> events = all(collections.writer(EVENTS));
        List<Document> chains = all(collections.writer(CHAINS));
        List<Document> disputes = all(collections.writer(DISPUTES));
        List<Document> evidence = all(collections.writer(EVIDENCE));

        TestMongo fresh = new TestMongo();
        try {
            AuditCollections oneByOne = new AuditCollections(fresh.database());
            ProjectionDriver single = new ProjectionDriver(new DisputeAuditProjection(oneByOne, SERIALIZER, KEYS));
            for (EventMessage<?> event : tracked) {
                single.deliver(List.of(event));
            }
            assertThat(all(oneByOne.writer(EVENTS))).isEqualTo(events);
            assertThat(all(oneByOne.writer(CHAINS))).isEqualTo(chains);
            assertThat(all(oneByOne.writer(DISPUTES))).isEqualTo(disputes);
            assertThat(all(oneByOne.writer(EVIDENCE))).isEqualTo(evidence);
        } finally {
            fresh.close();
        }

        projection.deliver(tracked);
        projection.deliver(tracked.subList(2, 7));
        projection.deliver(tracked.subList(5, 8));
        assertThat(all(collections.writer(EVENTS))).isEqualTo(events);
        assertThat(all(collections.writer(CHAINS))).isEqualTo(chains);
        assertThat(all(collections.writer(DISPUTES))).isEqualTo(disputes);
        assertThat(all(collections.writer(EVIDENCE))).isEqualTo(evidence);
    }
}

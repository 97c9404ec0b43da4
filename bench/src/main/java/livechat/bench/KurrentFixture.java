package livechat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.EventDataBuilder;
import io.kurrent.dbclient.StreamState;
import livechat.command.ChatAggregates;
import livechat.events.conversation.ConversationEvent.MessageSent;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.kurrent.KurrentConnection;
import livechat.eventstore.kurrent.KurrentDbDouble;
import livechat.eventstore.kurrent.KurrentEventStorageEngine;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The KurrentDB event store as the server runs it (the production engine through the real client), on a real
 * server given its connection string, or else on the in-process protocol double of the tests. On the double the
 * store does no disk work, so the baseline is the client and gRPC alone and the ratios show what Axon and the
 * engine add to them; a real server's own cost can only shrink that share.
 */
final class KurrentFixture implements AppendStore {

    /** The {@code store} parameter that asks for the protocol double instead of a server. */
    static final String DOUBLE = "kurrentdb-double";

    private static final ObjectMapper JSON = EventSerialization.objectMapper();

    private final KurrentDbDouble protocolDouble;
    private final KurrentConnection connection;
    private final KurrentEventStorageEngine engine;

    /** On the double if {@code location} is {@link #DOUBLE}, else on the server at that connection string. */
    KurrentFixture(String location) {
        protocolDouble = location.equals(DOUBLE) ? KurrentDbDouble.start() : null;
        connection = new KurrentConnection(protocolDouble != null ? protocolDouble.connectionString() : location,
                Duration.ofSeconds(10));
        engine = KurrentEventStorageEngine.builder().connection(connection)
                .eventSerializer(EventSerialization.serializer())
                .snapshotSerializer(EventSerialization.snapshotSerializer())
                .build();
    }

    @Override
    public Configuration outOfTheBox() {
        return AppendStore.outOfTheBox(engine, NoTransactionManager.INSTANCE);
    }

    @Override
    public Configuration production(long cachedConversations, boolean groupCommits, boolean linked) {
        if (groupCommits) {
            throw new IllegalArgumentException("group commits exist only for the H2 store");
        }
        Configurer configurer = AppendStore.axon(!linked ? engine : new LinkingEventStorageEngine(engine,
                EventSerialization.serializer(), engine, cachedConversations), NoTransactionManager.INSTANCE);
        ChatAggregates.register(configurer, cachedConversations);
        return configurer.start();
    }

    /** A client append to the conversation's stream with the same revision check and an envelope like the engine's. */
    @Override
    public void appendRaw(String conversation, long sequence, byte[] payload, byte[] metaData) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("aggregateType", "Conversation");
        envelope.put("aggregateIdentifier", conversation);
        envelope.put("sequenceNumber", sequence);
        envelope.put("timestamp", Instant.now().toString());
        envelope.put("metaData", JSON.readTree(metaData));
        var event = EventDataBuilder.json(UUID.randomUUID(), MessageSent.class.getName(), payload)
                .metadataAsBytes(JSON.writeValueAsBytes(envelope)).build();
        StreamState expected = sequence == 0 ? StreamState.noStream() : StreamState.streamRevision(sequence - 1);
        String stream = KurrentEventStorageEngine.streamOf(conversation);
        connection.call("append to " + stream, client -> client.appendToStream(stream,
                AppendToStreamOptions.get().streamState(expected), event));
    }

    @Override
    public void close() {
        connection.close();
        if (protocolDouble != null) {
            protocolDouble.close();
        }
    }
}

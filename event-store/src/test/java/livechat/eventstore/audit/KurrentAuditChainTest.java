package livechat.eventstore.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import livechat.events.audit.StoredEvents;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.kurrent.KurrentConnection;
import livechat.eventstore.kurrent.KurrentDbDouble;
import livechat.eventstore.kurrent.KurrentEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** The audit chain on the KurrentDB engine, tampered with inside the protocol double's storage. */
class KurrentAuditChainTest extends AuditChainContract {

    private KurrentDbDouble kurrent;
    private KurrentConnection connection;
    private KurrentEventStorageEngine engine;

    @Override
    protected EventStorageEngine createRawEngine() {
        kurrent = KurrentDbDouble.start();
        connection = new KurrentConnection(kurrent.connectionString(), Duration.ofSeconds(5));
        engine = KurrentEventStorageEngine.builder().connection(connection)
                .eventSerializer(EventSerialization.serializer()).snapshotSerializer(EventSerialization.serializer())
                .build();
        return engine;
    }

    @Override
    protected StoredEvents stored() {
        return engine;
    }

    private static String stream(String aggregateId) {
        return "livechat-" + aggregateId;
    }

    /** Edits the engine's envelope, the JSON in the event's custom metadata. */
    private void editEnvelope(String aggregateId, long sequence, UnaryOperator<ObjectNode> edit) {
        kurrent.rewrite(stream(aggregateId), sequence, UnaryOperator.identity(), envelope -> {
            try {
                return JSON.writeValueAsBytes(edit.apply((ObjectNode) JSON.readTree(envelope)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    protected void editPayload(String aggregateId, long sequence, UnaryOperator<byte[]> edit) {
        kurrent.rewrite(stream(aggregateId), sequence, edit, UnaryOperator.identity());
    }

    @Override
    protected void editMetaData(String aggregateId, long sequence, UnaryOperator<ObjectNode> edit) {
        editEnvelope(aggregateId, sequence, envelope -> envelope.set("metaData",
                edit.apply((ObjectNode) envelope.get("metaData"))));
    }

    @Override
    protected void shiftTimestamp(String aggregateId, long sequence) {
        editEnvelope(aggregateId, sequence, envelope -> envelope.put("timestamp",
                Instant.parse(envelope.get("timestamp").asText()).plusSeconds(1).toString()));
    }

    @Override
    protected void delete(String aggregateId, long sequence) {
        kurrent.remove(stream(aggregateId), sequence);
    }

    @Override
    protected void swap(String aggregateId, long first, long second) {
        AtomicReference<byte[]> firstData = new AtomicReference<>();
        AtomicReference<byte[]> firstEnvelope = new AtomicReference<>();
        AtomicReference<byte[]> secondData = new AtomicReference<>();
        AtomicReference<byte[]> secondEnvelope = new AtomicReference<>();
        kurrent.rewrite(stream(aggregateId), first, data -> {
            firstData.set(data);
            return data;
        }, envelope -> {
            firstEnvelope.set(envelope);
            return envelope;
        });
        kurrent.rewrite(stream(aggregateId), second, data -> {
            secondData.set(data);
            return firstData.get();
        }, envelope -> {
            secondEnvelope.set(envelope);
            return firstEnvelope.get();
        });
        kurrent.rewrite(stream(aggregateId), first, data -> secondData.get(), envelope -> secondEnvelope.get());
        editEnvelope(aggregateId, first, envelope -> envelope.put("sequenceNumber", first));
        editEnvelope(aggregateId, second, envelope -> envelope.put("sequenceNumber", second));
    }

    @Override
    protected void closeStore() {
        connection.close();
        kurrent.close();
    }
}

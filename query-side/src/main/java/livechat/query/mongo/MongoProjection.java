package livechat.query.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import livechat.events.conversation.ConversationEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A projection into MongoDB that writes once per event batch: its handlers queue idempotent write models and
 * the whole batch goes out as one ordered bulkWrite per collection after the batch's last event, before Axon stores
 * the batch's token (Axon registers the token store as a prepare-commit step, so a flush registered there would run
 * after it and a failed flush would lose events). Each projection must own its processing group, so the last event
 * of every batch reaches its handlers.
 * <p>
 * A projection of the live read models can be paused: while {@link ReadModelDatabase#pauses()} holds an unexpired
 * document for its processing group, every batch fails before writing and Axon retries it later. The replay tool
 * pauses the live projection for the moment it swaps a rebuilt copy in, so no batch can land in the old collections
 * after the copy caught up. A pause carries an expiry, so a tool that dies mid-swap cannot stop the server for good.
 */
public abstract class MongoProjection {

    /** Thrown instead of writing a batch while the projection is paused; Axon retries the batch. */
    public static final class Paused extends RuntimeException {
        Paused(String processingGroup) {
            super("projection " + processingGroup + " is paused for a read-model swap; the batch will be retried",
                    null, false, false);
        }
    }

    /** The field in which a document records the last aggregate event applied to it. */
    protected static final String LAST_SEQUENCE = "lastSequence";

    private final String pendingKey = getClass().getName() + ".pending";
    private final String processingGroup = getClass().getAnnotation(ProcessingGroup.class).value();
    private final MongoCollection<Document> pauses;

    protected MongoProjection(ReadModelDatabase database) {
        // A rebuild copy is never paused: it is what the live projection waits for.
        pauses = database.isLive() ? database.pauses() : null;
    }

    /**
     * Queues a write for the end of the current batch. Writes to one collection keep their order, and collections
     * are written in the order the batch first wrote to them.
     */
    protected final void write(MongoCollection<Document> collection, WriteModel<Document> model) {
        pending().writes.computeIfAbsent(collection, c -> new ArrayList<>()).add(model);
    }

    /**
     * Queues {@code change} to the document {@code id}, applied only if the document has not yet seen the aggregate
     * event {@code sequence}: the idempotence guard for documents that follow one aggregate's stream.
     */
    protected final void writeIfNewer(MongoCollection<Document> collection, String id, long sequence, Bson change) {
        write(collection, new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", id), Filters.lt(LAST_SEQUENCE, sequence)),
                Updates.combine(change, Updates.set(LAST_SEQUENCE, sequence))));
    }

    /** Runs once the current batch's writes are in the database, e.g. to tell live subscribers. */
    protected final void afterWrite(Runnable action) {
        pending().afterWrite.add(action);
    }

    /**
     * Called once per batch after its last event was handled and before the writes go out: state carried across
     * the batch's events is queued here, so it is written after the facts derived from it.
     */
    protected void beforeFlush() {
    }

    /** The conversations the current batch's events belong to, so their state can be read in one query. */
    protected final List<String> conversationsInBatch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<?> messages = unitOfWork instanceof BatchingUnitOfWork<?> batch ? batch.getMessages()
                : List.of(unitOfWork.getMessage());
        return messages.stream().map(message -> ((EventMessage<?>) message).getPayload())
                .filter(ConversationEvent.class::isInstance)
                .map(payload -> ((ConversationEvent) payload).conversationId()).distinct().toList();
    }

    /** A value kept for the rest of the current batch, e.g. state loaded once and changed by several events. */
    protected final <T> T batchResource(String name, Supplier<T> create) {
        return CurrentUnitOfWork.get().getOrComputeResource(getClass().getName() + "." + name, key -> create.get());
    }

    @MessageHandlerInterceptor(messageType = EventMessage.class)
    public Object flushAtEndOfBatch(EventMessage<?> event, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            requireNotPaused();
            beforeFlush();
            Pending pending = unitOfWork.resources().remove(pendingKey) instanceof Pending p ? p : null;
            if (pending != null) {
                pending.flush();
            }
        }
        return result;
    }

    private void requireNotPaused() {
        if (pauses == null) {
            return;
        }
        Document pause = pauses.find(Filters.eq("_id", processingGroup)).first();
        if (pause != null && pause.getDate("until").toInstant().isAfter(Instant.now())) {
            throw new Paused(processingGroup);
        }
    }

    private Pending pending() {
        return CurrentUnitOfWork.get().getOrComputeResource(pendingKey, key -> new Pending());
    }

    private static final class Pending {
        private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);

        private final Map<MongoCollection<Document>, List<WriteModel<Document>>> writes = new LinkedHashMap<>();
        private final List<Runnable> afterWrite = new ArrayList<>();

        void flush() {
            writes.forEach((collection, models) -> collection.bulkWrite(models, ORDERED));
            afterWrite.forEach(Runnable::run);
        }
    }
}

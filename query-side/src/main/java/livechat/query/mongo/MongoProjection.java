package livechat.query.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import livechat.events.conversation.ConversationEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.bson.conversions.Bson;

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
 */
public abstract class MongoProjection {

    /** The field in which a document records the last aggregate event applied to it. */
    protected static final String LAST_SEQUENCE = "lastSequence";

    private final String pendingKey = getClass().getName() + ".pending";

    /** Queues a write for the end of the current batch. Writes to one collection keep their order. */
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
            beforeFlush();
            Pending pending = unitOfWork.resources().remove(pendingKey) instanceof Pending p ? p : null;
            if (pending != null) {
                pending.flush();
            }
        }
        return result;
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

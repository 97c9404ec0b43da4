package livechat.query.projection;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
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
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
        pending().queue(collection, model);
    }

    /**
     * Queues a write that goes out after every other write of the batch: for a mark that reads follow to other
     * documents, such as the last entry up to which they fetch entries by id. A read that finds the mark then finds
     * everything it points to; a read meanwhile may find documents beyond the mark, which it does not look for.
     */
    protected final void writeAfterTheRest(MongoCollection<Document> collection, WriteModel<Document> model) {
        pending().queueLast(collection, model);
    }

    /**
     * Queues the insert of a document of {@code id} with {@code fields}, unless a document of that {@code _id} is
     * already there: for documents written once and never changed (timeline entries, audit records, metric
     * facts), so a redelivered event changes nothing. It is a plain insert, not a {@code $setOnInsert} upsert: the
     * embedded MongoDB answers an upsert by looking the document up and then building it field by field, and the
     * rare redelivery is recognised from the insert's duplicate-key error instead.
     */
    protected final void insertOnce(MongoCollection<Document> collection, String id, Document fields) {
        insertOnce(collection, id, fields, null);
    }

    /**
     * As {@link #insertOnce(MongoCollection, String, Document)}, and if the document is already there, applies
     * {@code ifPresent} to it: for a field the first delivery may have had to leave out, which a redelivery knows.
     */
    protected final void insertOnce(MongoCollection<Document> collection, String id, Document fields,
                                    Bson ifPresent) {
        Document document = new Document("_id", id);
        document.putAll(fields);
        pending().queue(collection, new InsertOnce(new InsertOneModel<>(document), ifPresent));
    }

    /**
     * Queues {@code change} to the document {@code id}, applied only if the document has not yet seen the aggregate
     * event {@code sequence}: the idempotence guard for documents that follow one aggregate's stream.
     * <p>
     * The guard is checked here rather than in the update's filter: the embedded MongoDB uses an index only for a
     * filter on exactly the indexed fields, so {@code {_id, lastSequence: {$lt}}} would scan the whole collection on
     * every write. The batch reads the guarded documents' sequences in one {@code _id $in} query and writes by
     * {@code _id} alone. No other writer can move them in between: one aggregate's events are handled by one
     * segment, which one thread owns.
     */
    protected final void writeIfNewer(MongoCollection<Document> collection, String id, long sequence, Bson change) {
        writeIfNewer(collection, id, LAST_SEQUENCE, sequence, change);
    }

    /** As {@link #writeIfNewer(MongoCollection, String, long, Bson)}, with the sequence kept in {@code field}. */
    protected final void writeIfNewer(MongoCollection<Document> collection, String id, String field, long sequence,
                                      Bson change) {
        pending().queue(collection, new Guarded(id, field, sequence, change));
    }

    /** Runs once the current batch's writes are in the database, e.g. to read what other segments wrote since. */
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

    /** A write that applies only if its document has not seen {@code sequence}; see {@link #writeIfNewer}. */
    private record Guarded(String id, String field, long sequence, Bson change) {
        String guard() {
            return field + ":" + id;
        }
    }

    /** An insert that is skipped if its document exists, which then takes {@code ifPresent}; see {@link #insertOnce}. */
    private record InsertOnce(InsertOneModel<Document> model, Bson ifPresent) {
    }

    private static final class Pending {
        private static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);

        /** Per collection, in order: {@link WriteModel}s, {@link InsertOnce} and {@link Guarded} writes. */
        private final Map<MongoCollection<Document>, List<Object>> writes = new LinkedHashMap<>();
        /** Per collection, in order: the plain {@link WriteModel}s that go out after all of {@link #writes}. */
        private final Map<MongoCollection<Document>, List<Object>> last = new LinkedHashMap<>();
        private final List<Runnable> afterWrite = new ArrayList<>();

        void queue(MongoCollection<Document> collection, Object write) {
            writes.computeIfAbsent(collection, c -> new ArrayList<>()).add(write);
        }

        void queueLast(MongoCollection<Document> collection, WriteModel<Document> write) {
            last.computeIfAbsent(collection, c -> new ArrayList<>()).add(write);
        }

        void flush() {
            writes.forEach((collection, queued) -> bulkWrite(collection, resolveGuards(collection, queued), queued));
            last.forEach((collection, queued) -> bulkWrite(collection, resolveGuards(collection, queued), queued));
            afterWrite.forEach(Runnable::run);
        }

        /**
         * Writes {@code models} in order. An ordered bulk write stops at its first error: a duplicate key on an
         * {@link InsertOnce} of {@code queued} means that document is already there, so the rest is written on from
         * the next model; any other error fails the batch. Only a redelivered batch meets such an error, so the
         * failed model is looked up among the queued writes then rather than indexed for every batch.
         */
        private static void bulkWrite(MongoCollection<Document> collection, List<WriteModel<Document>> models,
                                      List<Object> queued) {
            List<WriteModel<Document>> rest = models;
            while (!rest.isEmpty()) {
                try {
                    collection.bulkWrite(rest, ORDERED);
                    return;
                } catch (MongoBulkWriteException e) {
                    if (e.getWriteConcernError() != null || e.getWriteErrors().size() != 1) {
                        throw e;
                    }
                    BulkWriteError error = e.getWriteErrors().get(0);
                    WriteModel<Document> failed = rest.get(error.getIndex());
                    InsertOnce present = ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY
                            ? null : queued.stream().filter(write -> write instanceof InsertOnce insert
                            && insert.model() == failed).map(InsertOnce.class::cast).findFirst().orElse(null);
                    if (present == null) {
                        throw e;
                    }
                    if (present.ifPresent() != null) {
                        collection.updateOne(Filters.eq("_id", present.model().getDocument().get("_id")),
                                present.ifPresent());
                    }
                    rest = rest.subList(error.getIndex() + 1, rest.size());
                }
            }
        }

        /**
         * Turns guarded writes into plain writes by {@code _id}, dropping those their document has already seen. A
         * document absent when the batch began keeps its writes: like a filter on the sequence would, they then
         * match only if an earlier write of the batch created it.
         */
        private static List<WriteModel<Document>> resolveGuards(MongoCollection<Document> collection,
                                                                 List<Object> queued) {
            List<Guarded> guarded = queued.stream().filter(Guarded.class::isInstance).map(Guarded.class::cast)
                    .toList();
            Map<String, Long> seen = new HashMap<>();
            if (!guarded.isEmpty()) {
                List<String> fields = guarded.stream().map(Guarded::field).distinct().toList();
                collection.find(Filters.in("_id", guarded.stream().map(Guarded::id).distinct().toList()))
                        .projection(Projections.include(fields)).forEach(document -> fields.forEach(field ->
                                seen.put(field + ":" + document.getString("_id"),
                                        // A $lt filter matches no document without the field; nor does the guard.
                                        document.get(field) instanceof Number n ? n.longValue() : Long.MAX_VALUE)));
            }
            CodecRegistry codecs = collection.getCodecRegistry();
            List<WriteModel<Document>> models = new ArrayList<>(queued.size());
            // Per document, its guarded update still open to the batch's later ones; the model holds the same
            // BsonDocument, so what it absorbs goes out where the first of them stood.
            Map<String, MergedUpdate> open = new HashMap<>();
            for (Object write : queued) {
                if (!(write instanceof Guarded guard)) {
                    @SuppressWarnings("unchecked")
                    WriteModel<Document> model = write instanceof InsertOnce insert ? insert.model()
                            : (WriteModel<Document>) write;
                    // An update merged past this write would overtake it: a write by _id closes its document's
                    // update, and a write by any other filter may reach every document. Most writes (every timeline
                    // entry) come with no update open, and then need not have their filter read.
                    if (!open.isEmpty()) {
                        String id = targetId(model, codecs);
                        if (id == null) {
                            open.clear();
                        } else {
                            open.remove(id);
                        }
                    }
                    models.add(model);
                } else if (seen.getOrDefault(guard.guard(), Long.MIN_VALUE) < guard.sequence()) {
                    seen.put(guard.guard(), guard.sequence());
                    BsonDocument change = Updates.combine(guard.change(), Updates.set(guard.field(), guard.sequence()))
                            .toBsonDocument(Document.class, codecs);
                    MergedUpdate merged = open.get(guard.id());
                    if (merged == null || !merged.absorb(change)) {
                        merged = new MergedUpdate(change);
                        open.put(guard.id(), merged);
                        models.add(new UpdateOneModel<>(Filters.eq("_id", guard.id()), merged.update()));
                    }
                }
            }
            return models;
        }

        /** The {@code _id} a write's filter names alone, or null when it may reach other documents. */
        private static String targetId(WriteModel<Document> model, CodecRegistry codecs) {
            if (model instanceof InsertOneModel<Document> insert) {
                return insert.getDocument().get("_id") instanceof String id ? id : null;
            }
            Bson filter = model instanceof UpdateOneModel<Document> update ? update.getFilter()
                    : model instanceof ReplaceOneModel<Document> replace ? replace.getFilter()
                    : model instanceof DeleteOneModel<Document> delete ? delete.getFilter() : null;
            BsonDocument query = filter == null ? new BsonDocument() : filter.toBsonDocument(Document.class, codecs);
            return query.size() == 1 && query.get("_id") instanceof BsonString id ? id.getValue() : null;
        }
    }
}

package livechat.api.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import livechat.command.assignment.Dispatcher;
import livechat.command.assignment.RosterSnapshot;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dispatcher's position in the log, kept in one document (one per log) together with the dispatcher's picture as it stood
 * there ({@link RosterSnapshot}): a start reads the log only after that position, not the whole log. The pair is
 * written at most once per {@code interval} and when the processor lets go of it (at a stop), always as one document,
 * so the picture and the position never disagree; after a crash the dispatcher reads a little more of the log.
 * <p>
 * Routing must not depend on the read-model store: when it cannot be reached at start, the dispatcher reads the
 * whole log as it would with nothing kept, and a failed write is tried again at the next one.
 */
final class DispatcherTokenStore implements TokenStore {

    /**
     * The store, wrapped: as a bean of its own type Axon would take it for every processor's token store, which is
     * the read models' {@link ReadModelTokenStore}.
     */
    record Bean(DispatcherTokenStore tokens) {
    }

    private static final Logger log = LoggerFactory.getLogger(DispatcherTokenStore.class);
    private static final RosterSnapshot NOTHING = new RosterSnapshot(List.of(), List.of(), Map.of(), Map.of());

    private final String id;
    private final Supplier<Dispatcher> dispatcher;
    private final Supplier<TrackingToken> head;
    private final MongoCollection<Document> positions;
    private final Serializer serializer;
    private final ReadModelAvailability availability;
    private final long intervalNanos;
    private TrackingToken latest;
    private long writtenAt = System.nanoTime();

    /**
     * @param eventLog where the event log is: a position means something only in its own log, so a log moved to another
     *            store (or place) starts the dispatcher from the beginning once; kept only as a hash, since a
     *            connection string may hold a password
     * @param head the log's head now: a kept position past it belongs to another history of the log
     */
    DispatcherTokenStore(String eventLog, Supplier<Dispatcher> dispatcher, Supplier<TrackingToken> head,
                         MongoCollection<Document> positions, Serializer serializer,
                         ReadModelAvailability availability, Duration interval) {
        this.id = "dispatcher:" + sha256(eventLog);
        this.head = head;
        this.dispatcher = dispatcher;
        this.positions = positions;
        this.serializer = serializer;
        this.availability = availability;
        this.intervalNanos = interval.toNanos();
    }

    /** One segment: the dispatcher acts on one thread, in log order. */
    @Override
    public int[] fetchSegments(@Nonnull String processorName) {
        return new int[]{0};
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount,
                                        @Nullable TrackingToken initialToken) {
        // Nothing is kept until the dispatcher has a picture to keep with its position.
    }

    /**
     * Where the dispatcher goes on from, its picture set to match: the kept pair, or the log's start with an empty
     * picture. Called whenever the processor (re)claims its segment, so a processor that starts over after a failure
     * starts from a picture that matches its position.
     */
    @Override
    public synchronized TrackingToken fetchToken(@Nonnull String processorName, int segment) {
        Document kept = kept();
        if (kept == null) {
            dispatcher.get().restore(NOTHING);
            latest = null;
            return null;
        }
        TrackingToken position = serializer.deserialize(serialized(kept, "token"));
        TrackingToken logHead = head.get();
        if (logHead == null || !logHead.covers(position)) {
            // A log restored from an older copy: the events after its head are not the ones the picture saw.
            log.info("The dispatcher's kept position is past the log's head; it reads the whole log");
            dispatcher.get().restore(NOTHING);
            latest = null;
            return null;
        }
        dispatcher.get().restore(serializer.deserialize(serialized(kept, "roster")));
        latest = position;
        return latest;
    }

    @Override
    public synchronized void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment) {
        latest = token;
        if (System.nanoTime() - writtenAt >= intervalNanos) {
            write();
        }
    }

    @Override
    public synchronized void releaseClaim(@Nonnull String processorName, int segment) {
        write();
    }

    @Override
    public void extendClaim(@Nonnull String processorName, int segment) {
        // One node holds it: there is no claim to extend.
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return false;
    }

    private Document kept() {
        try {
            if (!availability.readyOrStartWaitOver()) {
                return null;
            }
            return positions.find(Filters.eq("_id", id)).first();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException storeDown) {
            log.warn("The dispatcher's kept position cannot be read ({}); it reads the whole log",
                    storeDown.getMessage());
            return null;
        }
    }

    private void write() {
        if (latest == null || !availability.ready()) {
            return;
        }
        SerializedObject<byte[]> token = serializer.serialize(latest, byte[].class);
        SerializedObject<byte[]> roster = serializer.serialize(dispatcher.get().snapshot(), byte[].class);
        try {
            positions.replaceOne(Filters.eq("_id", id), new Document("_id", id)
                    .append("tokenType", token.getType().getName()).append("token", new Binary(token.getData()))
                    .append("rosterType", roster.getType().getName()).append("roster", new Binary(roster.getData())),
                    new ReplaceOptions().upsert(true));
            writtenAt = System.nanoTime();
        } catch (RuntimeException storeDown) {
            log.debug("The dispatcher's position was not kept this time", storeDown);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static SerializedObject<byte[]> serialized(Document kept, String field) {
        return new SimpleSerializedObject<>(kept.get(field, Binary.class).getData(), byte[].class,
                kept.getString(field + "Type"), null);
    }
}

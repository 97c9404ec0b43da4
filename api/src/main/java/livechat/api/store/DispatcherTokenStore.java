package livechat.api.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import livechat.command.assignment.Dispatcher;
import livechat.command.assignment.RosterSnapshot;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
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
 * The same document is the dispatcher's lease among nodes: the node that claims it ({@code owner}) runs the
 * dispatcher and renews the lease ({@code expiresAt}) with every write, at least every third of the claim timeout;
 * another node takes it once it has expired. A node that finds the lease taken over stops its dispatcher's
 * processor, whose next claim then fails until the lease is free again. Nodes compare expiries by their own clocks,
 * which must agree to well within the claim timeout.
 * <p>
 * Routing must not depend on the read-model store: when it cannot be reached at start, the dispatcher reads the
 * whole log as it would with nothing kept, and a failed write is tried again at the next one. Two nodes routing at
 * once while the store is away is safe, only wasteful: the aggregates refuse a seat beyond an agent's capacity.
 */
final class DispatcherTokenStore implements TokenStore {

    /**
     * The store, wrapped: as a bean of its own type Axon would take it for every processor's token store, which is
     * the read models' {@link ReadModelTokenStore}.
     */
    record Bean(DispatcherTokenStore tokens) {
    }

    private static final Logger log = LoggerFactory.getLogger(DispatcherTokenStore.class);
    private static final String OWNER = "owner";
    private static final String EXPIRES_AT = "expiresAt";
    private static final RosterSnapshot NOTHING = new RosterSnapshot(List.of(), List.of(), Map.of(), Map.of());

    private final String id;
    private final Supplier<Dispatcher> dispatcher;
    private final Supplier<TrackingToken> head;
    private final MongoCollection<Document> positions;
    private final Serializer serializer;
    private final ReadModelAvailability availability;
    private final long intervalNanos;
    private final String node;
    private final Duration claimTimeout;
    private final Clock clock;
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
                         ReadModelAvailability availability, Duration interval, Node node, Clock clock) {
        this.id = "dispatcher:" + sha256(eventLog);
        this.node = node.id();
        this.claimTimeout = node.claimTimeout();
        this.clock = clock;
        this.head = head;
        this.dispatcher = dispatcher;
        this.positions = positions;
        this.serializer = serializer;
        this.availability = availability;
        // Renewed often enough that two missed renewals still leave the lease held.
        this.intervalNanos = Math.min(interval.toNanos(), node.claimTimeout().toNanos() / 3);
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
        Document kept = claim();
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
        try {
            write();
        } catch (UnableToClaimTokenException alreadyTaken) {
            // Nothing of this node's to keep or release.
        } finally {
            release();
        }
    }

    @Override
    public synchronized void extendClaim(@Nonnull String processorName, int segment) {
        if (System.nanoTime() - writtenAt >= intervalNanos) {
            write();
        }
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return false;
    }

    /**
     * Takes the lease when it is free, expired or already this node's, and answers the kept document; throws when
     * another node holds it.
     */
    private Document claim() {
        try {
            if (!availability.readyOrStartWaitOver()) {
                return null;
            }
            // The document exists before anyone claims it, so a lease held elsewhere is a missed match, not a
            // failed insert (which a store logs as an error at every try).
            positions.updateOne(Filters.eq("_id", id), Updates.setOnInsert(OWNER, null),
                    new UpdateOptions().upsert(true));
            Date now = Date.from(clock.instant());
            Document kept = positions.findOneAndUpdate(
                    Filters.and(Filters.eq("_id", id), Filters.or(Filters.eq(OWNER, node), Filters.eq(OWNER, null),
                            Filters.lt(EXPIRES_AT, now))),
                    Updates.combine(Updates.set(OWNER, node), Updates.set(EXPIRES_AT, expiry())),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (kept == null) {
                throw new UnableToClaimTokenException("Another node runs the dispatcher");
            }
            writtenAt = System.nanoTime();
            return kept.containsKey("token") ? kept : null;
        } catch (UnableToClaimTokenException held) {
            throw held;
        } catch (MongoException held) {
            if (ErrorCategory.fromErrorCode(held.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                throw new UnableToClaimTokenException("Another node runs the dispatcher");
            }
            log.warn("The dispatcher's kept position cannot be read ({}); it reads the whole log",
                    held.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException storeDown) {
            log.warn("The dispatcher's kept position cannot be read ({}); it reads the whole log",
                    storeDown.getMessage());
            return null;
        }
    }

    /**
     * Keeps the position and picture (once there are any) and renews the lease, but only while this node holds it:
     * finding it held by another node stops the processor here.
     */
    private void write() {
        if (!availability.ready()) {
            return;
        }
        List<Bson> changes = new ArrayList<>(List.of(Updates.set(EXPIRES_AT, expiry())));
        if (latest != null) {
            SerializedObject<byte[]> token = serializer.serialize(latest, byte[].class);
            SerializedObject<byte[]> roster = serializer.serialize(dispatcher.get().snapshot(), byte[].class);
            changes.addAll(List.of(Updates.set("tokenType", token.getType().getName()),
                    Updates.set("token", new Binary(token.getData())),
                    Updates.set("rosterType", roster.getType().getName()),
                    Updates.set("roster", new Binary(roster.getData()))));
        }
        UpdateResult written;
        try {
            written = positions.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(OWNER, node)),
                    Updates.combine(changes));
            writtenAt = System.nanoTime();
        } catch (RuntimeException storeDown) {
            log.debug("The dispatcher's position was not kept this time", storeDown);
            return;
        }
        if (written.getMatchedCount() == 0) {
            log.info("Another node took over the dispatcher's lease; this node's dispatcher stands by");
            throw new UnableToClaimTokenException("The dispatcher's lease is held by another node");
        }
    }

    /** Lets the next node take the lease at once instead of after its expiry. */
    private void release() {
        try {
            positions.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(OWNER, node)),
                    Updates.unset(OWNER));
        } catch (RuntimeException storeDown) {
            log.debug("The dispatcher's lease was not released; it expires instead", storeDown);
        }
    }

    private Date expiry() {
        return Date.from(clock.instant().plus(claimTimeout));
    }

    /** The hash a store location is kept as: a connection string may hold a password. */
    static String sha256(String text) {
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

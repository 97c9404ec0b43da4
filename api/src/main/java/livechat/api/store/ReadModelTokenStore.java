package livechat.api.store;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

import javax.annotation.Nonnull;
import javax.annotation.Nullable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The processors' tokens, which live beside the read models, gated on {@link ReadModelAvailability}. A free
 * segment is offered to this node's processors only when {@link ProcessorShares} lets this node claim it.
 * <p>
 * A processor asks for its segments while the server starts, on the start's own thread, and Axon fails the whole
 * start when that call fails. While the read-model store is unavailable, that first question is answered "no
 * segments yet", and the initialization Axon then asks for is kept until the store is back: it is carried out (when
 * no other node has done it meanwhile) before the processor's first claim. Until then no segment is available to
 * claim; a call about a claimed segment fails at once instead of waiting for the driver's timeout, and the
 * processor retries it with backoff.
 */
final class ReadModelTokenStore implements TokenStore {

    /** The initialization Axon asked for while the store could not take it. */
    private record Deferred(int segmentCount, TrackingToken initialToken) {
    }

    private final Supplier<TokenStore> store;
    private final ReadModelAvailability availability;
    private final ProcessorShares shares;
    private final Map<String, Deferred> deferred = new ConcurrentHashMap<>();
    private volatile TokenStore tokens;

    /**
     * @param store    builds the store once the read-model store is available (building it creates its indexes)
     * @param shares   which free segments this node may claim now, so the processors spread over the nodes
     */
    ReadModelTokenStore(Supplier<TokenStore> store, ReadModelAvailability availability, ProcessorShares shares) {
        this.store = store;
        this.availability = availability;
        this.shares = shares;
    }

    @Override
    public int[] fetchSegments(@Nonnull String processorName) {
        if (!startedWithStore()) {
            return new int[0];
        }
        initializeDeferred(processorName);
        return tokens().fetchSegments(processorName);
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount,
                                        @Nullable TrackingToken initialToken) {
        if (!availability.ready()) {
            deferred.put(processorName, new Deferred(segmentCount, initialToken));
            return;
        }
        tokens().initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeTokenSegments(@Nonnull String processorName, int segmentCount) {
        initializeTokenSegments(processorName, segmentCount, null);
    }

    /**
     * None while the store is unavailable: the processor looks again after its claim interval, as it does when
     * other nodes hold every segment, instead of backing off further at each failure (up to a minute).
     */
    @Override
    public List<Segment> fetchAvailableSegments(@Nonnull String processorName) {
        if (!availability.ready()) {
            return List.of();
        }
        return shares.claimable(processorName, ready(processorName).fetchAvailableSegments(processorName));
    }

    @Override
    public void storeToken(@Nullable TrackingToken token, @Nonnull String processorName, int segment) {
        ready(processorName).storeToken(token, processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, int segment) {
        return ready(processorName).fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(@Nonnull String processorName, @Nonnull Segment segment) {
        return ready(processorName).fetchToken(processorName, segment);
    }

    @Override
    public void extendClaim(@Nonnull String processorName, int segment) {
        ready(processorName).extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(@Nonnull String processorName, int segment) {
        ready(processorName).releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(@Nullable TrackingToken token, @Nonnull String processorName, int segment) {
        ready(processorName).initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(@Nonnull String processorName, int segment) {
        ready(processorName).deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return ready().requiresExplicitSegmentInitialization();
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return ready().retrieveStorageIdentifier();
    }

    /**
     * Waits for the store only while the server starts, so that a store coming up with the server is used at once;
     * later the answer is immediate.
     */
    private boolean startedWithStore() {
        try {
            return availability.readyOrStartWaitOver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private TokenStore ready(String processorName) {
        TokenStore ready = ready();
        initializeDeferred(processorName);
        return ready;
    }

    private TokenStore ready() {
        if (!availability.ready()) {
            throw new UnableToClaimTokenException("The read-model store is not available");
        }
        return tokens();
    }

    private void initializeDeferred(String processorName) {
        Deferred pending = deferred.remove(processorName);
        if (pending != null && tokens().fetchSegments(processorName).length == 0) {
            tokens().initializeTokenSegments(processorName, pending.segmentCount(), pending.initialToken());
        }
    }

    private TokenStore tokens() {
        TokenStore built = tokens;
        if (built == null) {
            synchronized (this) {
                if (tokens == null) {
                    tokens = store.get();
                }
                built = tokens;
            }
        }
        return built;
    }
}

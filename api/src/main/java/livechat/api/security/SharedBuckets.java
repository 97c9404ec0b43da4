package livechat.api.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import livechat.query.projection.IndexedReadModel;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;
import org.bson.types.Binary;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets every node shares, in the read-model database ({@code rate_buckets}): Bucket4j's compare-and-swap
 * proxy on MongoDB. A bucket is one document holding its state as Bucket4j serializes it and a version; a change is
 * written only while the version is still the one read, else Bucket4j reads the bucket again and retries. A bucket
 * can be forgotten once it would have refilled to the full ({@code expiresAt}: a TTL index on a real MongoDB, and
 * {@link #purge}), so a flood of distinct keys does not stay in the store.
 */
public final class SharedBuckets extends AbstractCompareAndSwapBasedProxyManager<String>
        implements IndexedReadModel {

    public static final String COLLECTION = "rate_buckets";
    private static final String STATE = "state";
    private static final String VERSION = "version";
    private static final String EXPIRES_AT = "expiresAt";

    private final MongoCollection<Document> buckets;
    private final com.mongodb.client.MongoCollection<Document> blocking;
    private final Clock clock;

    public SharedBuckets(ReadModelDatabase database, Clock clock) {
        super(ClientSideConfig.getDefault().withClientClock(new ClockTime(clock))
                .withExpirationAfterWriteStrategy(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO)));
        this.buckets = database.reactive().getCollection(COLLECTION);
        this.blocking = database.blocking().getCollection(COLLECTION);
        this.clock = clock;
    }

    @Override
    public List<Index> indexes() {
        return List.of(new Index(blocking, Indexes.ascending(EXPIRES_AT), new IndexOptions().expireAfter(0L,
                TimeUnit.SECONDS)));
    }

    /** Deletes the buckets that have refilled (a real MongoDB's TTL index does it too). */
    public Mono<Long> purge() {
        return Mono.from(buckets.deleteMany(Filters.lt(EXPIRES_AT, Date.from(clock.instant()))))
                .map(result -> result.getDeletedCount());
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    public boolean isExpireAfterWriteSupported() {
        return true;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        AsyncCompareAndSwapOperation operation = beginAsyncCompareAndSwapOperation(key);
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return operation.getStateData(timeoutNanos).join();
            }

            @Override
            public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                return operation.compareAndSwap(originalData, newData, newState, timeoutNanos).join();
            }
        };
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new AsyncCompareAndSwapOperation() {
            /** The version last read; null when the bucket did not exist. */
            private volatile Long version;

            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                return Mono.from(buckets.find(Filters.eq("_id", key)).first())
                        .map(bucket -> {
                            version = bucket.getLong(VERSION);
                            return Optional.of(bucket.get(STATE, Binary.class).getData());
                        })
                        .switchIfEmpty(Mono.fromSupplier(() -> {
                            version = null;
                            return Optional.empty();
                        }))
                        .toFuture();
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(byte[] originalData, byte[] newData,
                                                             RemoteBucketState newState,
                                                             Optional<Long> timeoutNanos) {
                Date expiresAt = Date.from(clock.instant().plusMillis(getClientSideConfig()
                        .getExpirationAfterWriteStrategy().orElseThrow()
                        .calculateTimeToLiveMillis(newState, TimeUnit.MILLISECONDS.toNanos(clock.millis()))));
                Long read = version;
                Mono<Boolean> written = read == null
                        ? Mono.from(buckets.insertOne(new Document("_id", key).append(STATE, new Binary(newData))
                                .append(VERSION, 0L).append(EXPIRES_AT, expiresAt)))
                        .thenReturn(true)
                        .onErrorResume(SharedBuckets::duplicate, taken -> Mono.just(false))
                        : Mono.from(buckets.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq(VERSION, read)),
                                Updates.combine(Updates.set(STATE, new Binary(newData)),
                                        Updates.set(VERSION, read + 1), Updates.set(EXPIRES_AT, expiresAt))))
                        .map(result -> result.getMatchedCount() == 1);
                return written.toFuture();
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        removeAsync(key).join();
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return Mono.from(buckets.deleteOne(Filters.eq("_id", key))).then().toFuture();
    }

    private static boolean duplicate(Throwable failure) {
        return failure instanceof MongoWriteException write
                && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** The clock Bucket4j refills by: the application's, so every node and the tests measure time alike. */
    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            return TimeUnit.MILLISECONDS.toNanos(clock.millis());
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}

package livechat.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The allowances of the abuse limits: token buckets of {@code capacity} tokens refilled evenly over a window, one per
 * key, which every node shares ({@link SharedBuckets}), so a party gets its allowance once however many nodes its
 * calls reach. While the shared store cannot be reached (or answers slower than {@link #SHARED_WAIT}), this node
 * counts on its own buckets instead: the limits hold, per node, rather than fall away. Its own buckets are kept for
 * at most {@code tracked} keys, the least recently used dropped first, so a flood of distinct keys cannot exhaust the
 * heap.
 */
public final class Allowances {

    private static final Logger log = LoggerFactory.getLogger(Allowances.class);
    private static final Duration SHARED_WAIT = Duration.ofSeconds(2);

    private final SharedBuckets shared;
    private final Cache<String, Bucket> local;

    /** @param forgetAfter how long an unused bucket of this node's is kept: the longest window, or more */
    public Allowances(SharedBuckets shared, long tracked, Duration forgetAfter) {
        this.shared = shared;
        this.local = Caffeine.newBuilder().maximumSize(tracked).expireAfterAccess(forgetAfter).build();
    }

    /**
     * Takes {@code tokens} from {@code key}'s bucket: empty when they were there, else how long until they would be
     * (nothing is taken then), in whole seconds for a {@code Retry-After}.
     */
    public Mono<Optional<Duration>> take(String key, long capacity, Duration window, long tokens) {
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(Bandwidth.builder()
                .capacity(capacity).refillGreedy(capacity, window).build()).build();
        // A bucket per limit: limits changed in the configuration start buckets of their own.
        String bucket = key + " @" + capacity + "/" + window;
        CompletableFuture<ConsumptionProbe> taken = shared.asAsync().builder()
                .build(bucket, () -> CompletableFuture.completedFuture(configuration))
                .tryConsumeAndReturnRemaining(tokens);
        return Mono.fromFuture(taken).timeout(SHARED_WAIT).map(Allowances::refused)
                .onErrorResume(unreachable -> {
                    log.debug("Shared allowances unreachable; counting {} on this node", bucket, unreachable);
                    return Mono.just(refused(local.get(bucket, k -> Bucket.builder().addLimit(
                            configuration.getBandwidths()[0]).build()).tryConsumeAndReturnRemaining(tokens)));
                });
    }

    /** Empty when the probe consumed, else its wait in whole seconds (rounded up, at least one): a Retry-After. */
    private static Optional<Duration> refused(ConsumptionProbe probe) {
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofSeconds(
                Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999))));
    }
}

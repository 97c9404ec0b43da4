package livechat.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;

import java.time.Duration;
import java.util.Optional;

/**
 * The bytes one party may upload ({@code livechat.limits.attachment-bytes}): a token bucket of bytes per party
 * (Bucket4j), refilled evenly over its window. The count of uploads is limited before the body is read
 * ({@link RateLimits}); their size is known only once the file is received, so the upload asks here before it stores
 * anything. Buckets live in this process, at most {@code trackedClients}, the least recently used dropped first.
 */
public final class UploadQuota {

    private final boolean enabled;
    private final long capacity;
    private final Duration window;
    private final Cache<String, Bucket> buckets;

    UploadQuota(LimitProperties limits) {
        this.enabled = limits.enabled();
        this.capacity = limits.attachmentBytes().perPrincipal().toBytes();
        this.window = limits.attachmentBytes().window();
        this.buckets = Caffeine.newBuilder().maximumSize(limits.trackedClients())
                .expireAfterAccess(window.multipliedBy(2)).build();
    }

    /** The bytes a party may upload within {@link #window()}. */
    public long capacity() {
        return capacity;
    }

    public Duration window() {
        return window;
    }

    /**
     * Spends {@code bytes} of {@code party}'s allowance: empty when they are within it, else how long until they
     * would be (nothing is spent then). A file larger than the whole allowance waits a whole window.
     */
    public Optional<Duration> spend(String party, long bytes) {
        if (!enabled) {
            return Optional.empty();
        }
        if (bytes > capacity) {
            return Optional.of(window);
        }
        return RateLimits.refused(buckets.get(party, key -> RateLimits.bucket(capacity, window))
                .tryConsumeAndReturnRemaining(bytes));
    }
}

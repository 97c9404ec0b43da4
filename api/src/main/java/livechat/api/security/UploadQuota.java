package livechat.api.security;

import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;

/**
 * The bytes one party may upload ({@code livechat.limits.attachment-bytes}): a token bucket of bytes per party,
 * refilled evenly over its window, shared by every node ({@link Allowances}). The count of uploads is limited before
 * the body is read ({@link RateLimits}); their size is known only once the file is received, so the upload asks here
 * before it stores anything.
 */
public final class UploadQuota {

    private final boolean enabled;
    private final long capacity;
    private final Duration window;
    private final Allowances allowances;

    UploadQuota(LimitProperties limits, Allowances allowances) {
        this.enabled = limits.enabled();
        this.capacity = limits.attachmentBytes().perPrincipal().toBytes();
        this.window = limits.attachmentBytes().window();
        this.allowances = allowances;
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
    public Mono<Optional<Duration>> spend(String party, long bytes) {
        if (!enabled) {
            return Mono.just(Optional.empty());
        }
        if (bytes > capacity) {
            return Mono.just(Optional.of(window));
        }
        return allowances.take("attachment bytes " + party, capacity, window, bytes);
    }
}

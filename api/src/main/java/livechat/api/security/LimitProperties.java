package livechat.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * How much one client may do ({@code livechat.limits}); docs/operations.md lists the defaults and variables. Each
 * rate allows {@code perPrincipal} calls to one signed-in party and {@code perAddress} to one client address within
 * {@code window}, refilled evenly over it; calls that are made before signing in have only the address limit.
 *
 * @param enabled            false turns every limit off (load tests from one client)
 * @param conversationStarts {@code POST /api/conversations}
 * @param messages           {@code POST /api/conversations/{id}/messages}
 * @param typing             {@code POST /api/conversations/{id}/typing}
 * @param attachments        {@code POST /api/conversations/{id}/attachments} (each up to 25 MiB)
 * @param attachmentBytes    the bytes one party may upload within a window, whatever the number of files
 * @param sessions           {@code POST /api/visitor-sessions}
 * @param signIns            {@code POST /api/auth/token} and {@code /api/auth/refresh}
 * @param streams            conversation streams one party may hold open at once
 * @param trackedClients     parties and addresses whose buckets this node keeps at most while the shared ones cannot
 *                           be reached, and whose open streams it counts (the least recently seen go first)
 */
@ConfigurationProperties("livechat.limits")
public record LimitProperties(boolean enabled, Rate conversationStarts, Rate messages, Rate typing, Rate attachments,
                              Volume attachmentBytes, Rate sessions, Rate signIns, int streams, int trackedClients) {

    public LimitProperties {
        conversationStarts = conversationStarts == null ? new Rate(20, 200, Duration.ofMinutes(1))
                : conversationStarts;
        messages = messages == null ? new Rate(120, 1200, Duration.ofMinutes(1)) : messages;
        typing = typing == null ? new Rate(120, 1200, Duration.ofMinutes(1)) : typing;
        attachments = attachments == null ? new Rate(10, 100, Duration.ofMinutes(1)) : attachments;
        attachmentBytes = attachmentBytes == null ? new Volume(DataSize.ofMegabytes(200), Duration.ofDays(1))
                : attachmentBytes;
        sessions = sessions == null ? new Rate(0, 30, Duration.ofMinutes(1)) : sessions;
        signIns = signIns == null ? new Rate(0, 10, Duration.ofMinutes(1)) : signIns;
        streams = streams <= 0 ? 20 : streams;
        trackedClients = trackedClients <= 0 ? 100_000 : trackedClients;
    }

    /** The longest window of any limit: how long an unused bucket is worth keeping. */
    public Duration longestWindow() {
        return Stream.of(conversationStarts, messages, typing, attachments, sessions, signIns).map(Rate::window)
                .reduce(attachmentBytes.window(), (one, other) -> one.compareTo(other) >= 0 ? one : other);
    }

    /** {@code perPrincipal} (0: none) and {@code perAddress} calls within {@code window}. */
    public record Rate(int perPrincipal, int perAddress, Duration window) {
    }

    /** {@code perPrincipal} bytes within {@code window}, refilled evenly over it. */
    public record Volume(DataSize perPrincipal, Duration window) {
    }
}

package livechat.api.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Signed checkpoints of the audit chain: written to {@code checkpointDir} every {@code checkpointInterval} when
 * anything changed, signed with the Ed25519 key given as PEM text in {@code signingKey} or else kept in
 * {@code signingKeyFile} (created on first start, owner-only), and, when {@code timestampAuthority} names an RFC 3161
 * service, time-stamped by it.
 */
@ConfigurationProperties("livechat.audit")
public record AuditProperties(Path checkpointDir, Duration checkpointInterval, Path signingKeyFile, String signingKey,
                              URI timestampAuthority, Duration timestampTimeout) {
}

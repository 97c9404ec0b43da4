package livechat.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server knows who is acting ({@code livechat.auth}); every value has an environment variable in
 * application.yml and docs/operations.md.
 *
 * @param dataDir          where {@code keys/} is kept: the signing keys and the visitor-id key
 * @param issuer           the embedded issuer's name, the {@code iss} of every token this server signs
 * @param audience         the {@code aud} of every token this server signs, and required of them
 * @param keyAlgorithm     {@code ES256} (EC P-256, the default) or {@code RS256} (RSA 2048) for new signing keys
 * @param keyRotation      how long a signing key signs before a new one takes over; the previous one keeps verifying
 *                         until every token it signed has expired
 * @param accessTokenTtl   how long an access token lives
 * @param refreshTokenTtl  how long a refresh token may be redeemed (once)
 * @param streamTicketTtl  how long a stream ticket may be redeemed (once)
 * @param staffCacheTtl    how long the staff directory is cached for the check of every staff request: a disabled
 *                         account's tokens are refused at most this much later
 * @param maxTokenLength   a bearer token longer than this is refused unread
 * @param bootstrapAdmin   {@code name:password}: the first admin, created at start when no enabled admin exists
 * @param visitorIdKey     base64 of the key visitor ids of signed-in customers are derived with; by default a random
 *                         key kept in {@code keys/visitor-id.key} (nodes that serve the same site must share it)
 * @param oidc             an external OpenID Connect provider for staff, if any
 */
@ConfigurationProperties("livechat.auth")
public record AuthProperties(Path dataDir, String issuer, String audience, String keyAlgorithm, Duration keyRotation,
                             Duration accessTokenTtl, Duration refreshTokenTtl, Duration streamTicketTtl,
                             Duration staffCacheTtl, int maxTokenLength, String bootstrapAdmin, String visitorIdKey,
                             Oidc oidc) {

    public AuthProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        issuer = blank(issuer) ? "urn:livechat" : issuer;
        audience = blank(audience) ? "livechat" : audience;
        keyAlgorithm = blank(keyAlgorithm) ? "ES256" : keyAlgorithm;
        keyRotation = keyRotation == null ? Duration.ofDays(30) : keyRotation;
        accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(15) : accessTokenTtl;
        refreshTokenTtl = refreshTokenTtl == null ? Duration.ofDays(7) : refreshTokenTtl;
        streamTicketTtl = streamTicketTtl == null ? Duration.ofSeconds(60) : streamTicketTtl;
        staffCacheTtl = staffCacheTtl == null ? Duration.ofSeconds(30) : staffCacheTtl;
        maxTokenLength = maxTokenLength <= 0 ? 4096 : maxTokenLength;
        oidc = oidc == null ? new Oidc(null, null, null, null, null) : oidc;
        if (!keyAlgorithm.equals("ES256") && !keyAlgorithm.equals("RS256")) {
            throw new IllegalArgumentException("livechat.auth.key-algorithm is ES256 or RS256, not " + keyAlgorithm);
        }
    }

    /**
     * An external OpenID Connect provider whose tokens staff present. Configured by {@code issuer} (its metadata is
     * read on first use) or by {@code jwkSetUri}; {@code audience} is then required of its tokens, and the roles are
     * read from {@code rolesClaim}, a dotted path such as {@code realm_access.roles}.
     */
    public record Oidc(String issuer, String jwkSetUri, String audience, String rolesClaim, String usernameClaim) {

        public Oidc {
            rolesClaim = blank(rolesClaim) ? "roles" : rolesClaim;
            usernameClaim = blank(usernameClaim) ? "preferred_username" : usernameClaim;
            issuer = blank(issuer) ? null : issuer;
            jwkSetUri = blank(jwkSetUri) ? null : jwkSetUri;
            audience = blank(audience) ? null : audience;
        }

        public boolean configured() {
            return issuer != null || jwkSetUri != null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

package livechat.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import livechat.events.Role;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;

/**
 * Signs the embedded issuer's access tokens: {@code iss}, {@code sub} (a staff username or a visitor id),
 * {@code aud}, {@code iat}, {@code exp}, {@code jti} and {@code roles} (wire names), signed with the newest of the
 * {@link SigningKeys} and naming it in {@code kid}.
 */
public final class TokenIssuer {

    /** The claim holding the subject's roles, in this server's tokens. */
    public static final String ROLES = "roles";

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, String issuer, String audience, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A signed access token for {@code subject} acting in {@code roles}. */
    public String accessToken(String subject, Collection<Role> roles) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).subject(subject).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim(ROLES, roles.stream().map(Role::wireName).sorted().toList())
                .build();
        JWK key = keys.signingKey();
        JWSAlgorithm algorithm = JWSAlgorithm.parse(key.getAlgorithm().getName());
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            token.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return token.serialize();
    }

    /** Seconds an access token lives, as the {@code expiresIn} of an answer. */
    public long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
    }
}

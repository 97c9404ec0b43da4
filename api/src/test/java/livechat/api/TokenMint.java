package livechat.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Signs tokens as the server's embedded issuer does, with the keys the server keeps in its data folder: the tests'
 * visitors (whose ids the tests choose) and the deliberately broken tokens of the security tests.
 */
public final class TokenMint {

    public static final String ISSUER = "urn:livechat";
    public static final String AUDIENCE = "livechat";

    private final Path keys;

    public TokenMint(Path dataDir) {
        keys = dataDir.resolve("keys").resolve("jwks.json");
    }

    /** A visitor's access token for {@code visitorId}, valid for 15 minutes. */
    public String visitor(String visitorId) {
        return sign(claims(visitorId, List.of("visitor")).build());
    }

    /** The claims the embedded issuer writes, valid from now for 15 minutes. */
    public static JWTClaimsSet.Builder claims(String subject, List<String> roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .jwtID(UUID.randomUUID().toString()).claim("roles", roles);
    }

    /** Signed with the server's newest key. */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, newestKey());
    }

    /** Signed with {@code key}, naming it in {@code kid}. */
    public static String sign(JWTClaimsSet claims, JWK key) {
        JWSAlgorithm algorithm = key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            token.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return token.serialize();
    }

    /** The same claims with {@code alg: none} and no signature. */
    public static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** A key the server has never seen, under {@code kid}. */
    public static JWK foreignKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public JWK newestKey() {
        try {
            return JWKSet.parse(Files.readString(keys)).getKeys().stream()
                    .max(Comparator.comparing(JWK::getIssueTime)).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(keys + " is not a JWK set", e);
        }
    }
}

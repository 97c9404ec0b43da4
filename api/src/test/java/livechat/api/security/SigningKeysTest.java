package livechat.api.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded issuer's keys: generated once, rotated on schedule, the previous one kept until its tokens expire. */
class SigningKeysTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration ROTATION = Duration.ofDays(30);
    private static final Duration TOKENS = Duration.ofMinutes(15);

    @TempDir
    Path data;

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aKeyIsMadeOnceKeptOwnerOnlyAndFoundAgainAfterARestart() throws Exception {
        MovingClock clock = new MovingClock();
        SigningKeys keys = new SigningKeys(data.resolve("keys"), "ES256", ROTATION, TOKENS, clock);
        JWK first = keys.signingKey();
        assertThat(first.isPrivate()).isTrue();
        assertThat(keys.publicKeys().getKeys()).singleElement().satisfies(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isEqualTo(first.getKeyID());
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys/jwks.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys"))))
                .isEqualTo("rwx------");

        SigningKeys restarted = new SigningKeys(data.resolve("keys"), "ES256", ROTATION, TOKENS, clock);
        assertThat(restarted.signingKey().getKeyID()).isEqualTo(first.getKeyID());
    }

    @Test
    void aNewKeyTakesOverAfterTheRotationPeriodAndTheOldOneVerifiesUntilItsTokensExpired() throws Exception {
        MovingClock clock = new MovingClock();
        SigningKeys keys = new SigningKeys(data.resolve("keys"), "RS256", ROTATION, TOKENS, clock);
        JWK first = keys.signingKey();

        clock.now = T0.plus(ROTATION).minusSeconds(1);
        assertThat(keys.signingKey().getKeyID()).isEqualTo(first.getKeyID());

        clock.now = T0.plus(ROTATION);
        JWK second = keys.signingKey();
        assertThat(second.getKeyID()).isNotEqualTo(first.getKeyID());
        assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID)
                .containsExactly(second.getKeyID(), first.getKeyID());

        // A token the first key signed just before the rotation lives 15 minutes (and one of clock skew).
        clock.now = T0.plus(ROTATION).plus(TOKENS);
        assertThat(keys.publicKeys().getKeys()).hasSize(2);
        clock.now = T0.plus(ROTATION).plus(TOKENS).plus(Duration.ofMinutes(2));
        assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).containsExactly(second.getKeyID());
        assertThat(JWKSet.parse(Files.readString(data.resolve("keys/jwks.json"))).getKeys()).hasSize(1);
    }

    @Test
    void widenedRightsAreTakenBack() throws Exception {
        MovingClock clock = new MovingClock();
        new SigningKeys(data.resolve("keys"), "ES256", ROTATION, TOKENS, clock);
        Files.setPosixFilePermissions(data.resolve("keys/jwks.json"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data.resolve("keys"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(data.resolve("keys/jwks.json"),
                java.nio.file.attribute.FileTime.from(T0.plusSeconds(5)));

        new SigningKeys(data.resolve("keys"), "ES256", ROTATION, TOKENS, clock);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys/jwks.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys"))))
                .isEqualTo("rwx------");
    }
}

package livechat.api.security;

import livechat.api.http.ApiRule;
import livechat.api.http.ProblemException;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;

/**
 * Staff passwords: what is accepted, and hashing and checking them with the {@link PasswordEncoder} (bcrypt by
 * default, written with its {@code {bcrypt}} prefix so another algorithm can take over later) off the web threads,
 * since a hash takes tens of milliseconds on purpose.
 */
public final class Passwords {

    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 64;
    /** bcrypt reads at most 72 bytes; a longer password would be cut without a word. */
    static final int MAX_BYTES = 72;

    private final PasswordEncoder encoder;
    /** Checked against when the username is unknown, so a miss costs what a wrong password does. */
    private final String decoy;

    public Passwords(PasswordEncoder encoder) {
        this.encoder = encoder;
        this.decoy = encoder.encode("a password nobody has");
    }

    /** Refuses (400 {@code password-length}) a password that is too short or too long. */
    public static void requireAcceptable(String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ProblemException(ApiRule.PASSWORD_LENGTH, "A password is " + MIN_LENGTH
                    + " to " + MAX_LENGTH + " characters (at most " + MAX_BYTES + " bytes in UTF-8).");
        }
    }

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no such account) is checked against a decoy. */
    public Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> {
            boolean matched = password != null && encoder.matches(password, hash == null ? decoy : hash);
            return matched && hash != null;
        }).subscribeOn(Schedulers.boundedElastic());
    }
}

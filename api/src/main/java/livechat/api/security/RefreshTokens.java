package livechat.api.security;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import livechat.api.http.ApiRule;
import livechat.api.http.ProblemException;
import livechat.query.projection.ReadModelDatabase;
import livechat.query.projection.IndexedReadModel;
import org.bson.Document;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Refresh tokens: random 256-bit secrets, stored only as their SHA-256 in {@code refresh_tokens} (in the read-model
 * database, so every node sees them) with their subject and expiry. Each is redeemed once: redeeming marks it used
 * and answers a new one of the same sign-in (its {@code family}). Presenting a used one again means it was copied,
 * so the whole family is revoked. Expired ones are deleted by a TTL index on a real MongoDB and by {@link #purge}
 * (the embedded one ignores TTL indexes), and refused in code either way.
 */
public final class RefreshTokens implements IndexedReadModel {

    public static final String COLLECTION = "refresh_tokens";

    /** Whose sign-in a refresh token continues: a staff account or a visitor. */
    public enum Kind { STAFF, VISITOR }

    /** A redeemed refresh token: whom to issue new tokens for, and the sign-in the next one belongs to. */
    public record Grant(String subject, Kind kind, String family) {
    }

    private final com.mongodb.reactivestreams.client.MongoCollection<Document> tokens;
    private final com.mongodb.client.MongoCollection<Document> blocking;
    private final Duration lifetime;
    private final Clock clock;

    public RefreshTokens(ReadModelDatabase database, Duration lifetime, Clock clock) {
        tokens = database.reactive().getCollection(COLLECTION);
        blocking = database.blocking().getCollection(COLLECTION);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public List<Index> indexes() {
        return List.of(new Index(blocking, Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L,
                TimeUnit.SECONDS)), new Index(blocking, Indexes.ascending("family")));
    }

    /** A new refresh token for {@code subject}; {@code family} null starts a new sign-in. */
    public Mono<String> issue(String subject, Kind kind, String family) {
        String token = SecretTokens.random();
        Instant now = clock.instant();
        Document document = new Document("_id", SecretTokens.hash(token))
                .append("family", family == null ? UUID.randomUUID().toString() : family)
                .append("subject", subject)
                .append("kind", kind.name())
                .append("issuedAt", Date.from(now))
                .append("expiresAt", Date.from(now.plus(lifetime)));
        return Mono.from(tokens.insertOne(document)).thenReturn(token);
    }

    /** Redeems {@code token} once; a second time revokes its sign-in. Refusals are 401 {@code token-invalid}. */
    public Mono<Grant> redeem(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Mono.error(invalid("The refresh token is missing or malformed."));
        }
        Instant now = clock.instant();
        return Mono.from(tokens.findOneAndUpdate(Filters.eq("_id", SecretTokens.hash(token)),
                        Updates.set("usedAt", Date.from(now)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)))
                .switchIfEmpty(Mono.error(() -> invalid("The refresh token is unknown or has expired.")))
                .flatMap(before -> {
                    if (before.get("usedAt") != null) {
                        return Mono.from(tokens.deleteMany(Filters.eq("family", before.getString("family"))))
                                .then(Mono.error(invalid("The refresh token was used before; every refresh token of "
                                        + "this sign-in is revoked. Sign in again.")));
                    }
                    if (!before.getDate("expiresAt").toInstant().isAfter(now)) {
                        return Mono.error(invalid("The refresh token has expired. Sign in again."));
                    }
                    return Mono.just(new Grant(before.getString("subject"), Kind.valueOf(before.getString("kind")),
                            before.getString("family")));
                });
    }

    /** Deletes the expired ones (a real MongoDB's TTL index does it too). */
    public Mono<Long> purge() {
        return Mono.from(tokens.deleteMany(Filters.lt("expiresAt", Date.from(clock.instant()))))
                .map(result -> result.getDeletedCount());
    }

    static ProblemException invalid(String detail) {
        return new ProblemException(ApiRule.TOKEN_INVALID, detail);
    }
}

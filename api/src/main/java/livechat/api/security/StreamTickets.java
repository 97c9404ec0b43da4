package livechat.api.security;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import livechat.events.Role;
import livechat.query.projection.ReadModelDatabase;
import livechat.query.projection.IndexedReadModel;
import org.bson.Document;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Stream tickets, for browsers whose {@code EventSource} cannot send an {@code Authorization} header: a random
 * 256-bit secret that stands for its holder's identity on one conversation's stream, once, for a short while. Stored
 * as its SHA-256 in {@code stream_tickets} (every node sees it) with the identity and the conversation; redeeming
 * deletes it, so a second use finds nothing. Expiry is checked in code (the embedded MongoDB ignores TTL indexes;
 * a real one also deletes them through the TTL index).
 */
public final class StreamTickets implements IndexedReadModel {

    public static final String COLLECTION = "stream_tickets";

    private final com.mongodb.reactivestreams.client.MongoCollection<Document> tickets;
    private final com.mongodb.client.MongoCollection<Document> blocking;
    private final Duration lifetime;
    private final Clock clock;

    public StreamTickets(ReadModelDatabase database, Duration lifetime, Clock clock) {
        tickets = database.reactive().getCollection(COLLECTION);
        blocking = database.blocking().getCollection(COLLECTION);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public List<Index> indexes() {
        return List.of(new Index(blocking, Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L,
                TimeUnit.SECONDS)));
    }

    public long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    /** A ticket for {@code identity} to open {@code conversationId}'s stream once. */
    public Mono<String> issue(Identity identity, String conversationId) {
        String ticket = SecretTokens.random();
        Document document = new Document("_id", SecretTokens.hash(ticket))
                .append("conversationId", conversationId)
                .append("id", identity.id())
                .append("roles", identity.roles().stream().map(Role::wireName).sorted().toList())
                .append("subject", identity.subject())
                .append("issuer", identity.issuer())
                .append("expiresAt", Date.from(clock.instant().plus(lifetime)));
        return Mono.from(tickets.insertOne(document)).thenReturn(ticket);
    }

    /** The identity {@code ticket} stands for on {@code conversationId}'s stream; it cannot be redeemed again. */
    public Mono<Identity> redeem(String ticket, String conversationId) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 200) {
            return Mono.error(new InvalidBearerTokenException("The stream ticket is missing or malformed."));
        }
        Instant now = clock.instant();
        return Mono.from(tickets.findOneAndDelete(Filters.eq("_id", SecretTokens.hash(ticket))))
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException(
                        "The stream ticket is unknown or was used already; ask for a new one.")))
                .flatMap(found -> {
                    if (!found.getDate("expiresAt").toInstant().isAfter(now)) {
                        return Mono.error(new InvalidBearerTokenException("The stream ticket has expired; ask for "
                                + "a new one."));
                    }
                    if (!found.getString("conversationId").equals(conversationId)) {
                        return Mono.error(new InvalidBearerTokenException("The stream ticket is for another "
                                + "conversation."));
                    }
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    found.getList("roles", String.class, List.of()).forEach(role -> roles.add(Role.fromWireName(role)));
                    return Mono.just(new Identity(found.getString("id"), roles, found.getString("subject"),
                            found.getString("issuer")));
                });
    }

    /** Deletes the expired ones (a real MongoDB's TTL index does it too). */
    public Mono<Long> purge() {
        return Mono.from(tickets.deleteMany(Filters.lt("expiresAt", Date.from(clock.instant()))))
                .map(result -> result.getDeletedCount());
    }
}

package livechat.query.staff;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Date;
import java.util.List;

/**
 * Staff password hashes, one document per username in {@code staff_credentials}: {@code {_id: username, hash,
 * changedAt}}. It sits in the read-model database so every node sees it, but it is no read model: nothing projects
 * it, {@code livechat-tool rebuild} never touches it, and no endpoint returns it. It is written directly when an
 * account is created or its password set (by the server, or by {@code livechat-tool staff add}); the hash is
 * whatever the caller's password encoder made of the password (bcrypt by default, with its algorithm prefix), so
 * the password itself is never stored, and neither it nor its hash ever enters an event, a snapshot or a read model.
 */
public final class StaffCredentials {

    public static final String COLLECTION = "staff_credentials";
    /** Every collection this store writes, for tools that must leave it alone. */
    public static final List<String> NAMES = List.of(COLLECTION);

    private final com.mongodb.reactivestreams.client.MongoCollection<Document> credentials;
    private final Clock clock;

    /** The collection is never suffixed: a rebuilt read model is swapped in beside it, not over it. */
    public StaffCredentials(ReadModelDatabase database, Clock clock) {
        credentials = database.reactive().getCollection(COLLECTION);
        this.clock = clock;
    }

    /** The stored hash of {@code username}'s password, or empty if none was ever set. */
    public Mono<String> hashOf(String username) {
        return Mono.from(credentials.find(Filters.eq("_id", username)).first())
                .mapNotNull(document -> document.getString("hash"));
    }

    /** Sets (or replaces) {@code username}'s password hash. */
    public Mono<Void> store(String username, String hash) {
        return Mono.from(credentials.replaceOne(Filters.eq("_id", username),
                new Document("_id", username).append("hash", hash).append("changedAt", Date.from(clock.instant())),
                new ReplaceOptions().upsert(true))).then();
    }
}

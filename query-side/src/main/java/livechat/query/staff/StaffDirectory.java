package livechat.query.staff;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Set;
import java.util.stream.Collectors;

/** Answers staff-directory queries from the read model without blocking. */
public final class StaffDirectory {

    private final com.mongodb.reactivestreams.client.MongoCollection<Document> staff;

    public StaffDirectory(ReadModelDatabase database) {
        staff = database.reader(StaffDirectoryProjection.STAFF);
    }

    /** The account, or empty if the directory does not know it (yet). */
    public Mono<StaffMember> find(String username) {
        return Mono.from(staff.find(Filters.eq("_id", username)).first()).map(StaffDirectory::member);
    }

    /** Every account, by username. */
    public Flux<StaffMember> all() {
        return Flux.from(staff.find().sort(Sorts.ascending("_id"))).map(StaffDirectory::member);
    }

    /**
     * The usernames of disabled accounts. The directory is small (one document per staff member), so this reads it
     * whole rather than rely on an index the embedded MongoDB would not use for it.
     */
    public Mono<Set<String>> disabledUsernames() {
        return Flux.from(staff.find().projection(Projections.include("disabled")))
                .filter(document -> document.getBoolean("disabled", false))
                .map(document -> document.getString("_id"))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether some enabled account holds the admin role. */
    public Mono<Boolean> hasEnabledAdmin() {
        return all().any(member -> !member.disabled() && member.holds("admin"));
    }

    private static StaffMember member(Document document) {
        return new StaffMember(document.getString("_id"), document.getList("roles", String.class),
                document.getBoolean("disabled", false));
    }
}

package livechat.api.security;

import livechat.query.staff.StaffDirectory;
import livechat.query.staff.StaffMember;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

/**
 * The staff directory as every staff request checks it: read whole at most once per {@code ttl}, so a disabled
 * account (or a role taken away) takes effect on tokens already issued at most {@code ttl} later, without a
 * read-model query per request. An account the cached copy does not know yet (created a moment ago) is looked up
 * directly when asked for.
 */
public final class StaffStatus {

    private final StaffDirectory directory;
    private final Mono<Map<String, StaffMember>> cached;

    public StaffStatus(StaffDirectory directory, Duration ttl) {
        this.directory = directory;
        this.cached = directory.all().collectMap(StaffMember::username)
                .cache(members -> ttl, failure -> Duration.ZERO, () -> ttl);
    }

    /** The account as the directory showed it at most {@code ttl} ago, or as it is now if that copy lacks it. */
    public Mono<StaffMember> member(String username) {
        return cached.flatMap(members -> {
            StaffMember member = members.get(username);
            return member != null ? Mono.just(member) : directory.find(username);
        });
    }

    /** The account as the cached copy shows it; empty if it did not know it then. */
    public Mono<StaffMember> cachedMember(String username) {
        return cached.mapNotNull(members -> members.get(username));
    }
}

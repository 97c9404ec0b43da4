package livechat.api.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * How long a closed conversation's personal content is kept: {@code closed-after} ({@code LIVECHAT_RETENTION_CLOSED_AFTER},
 * an ISO duration such as {@code P365D}; none: kept until erased on request), per required skill in {@code skills}
 * ({@code livechat.retention.skills.billing=P90D}), and how often the job looks ({@code interval}, default an hour).
 */
@ConfigurationProperties("livechat.retention")
public record RetentionProperties(Duration closedAfter, Map<String, Duration> skills, Duration interval) {

    public RetentionProperties {
        skills = skills == null ? Map.of() : Map.copyOf(skills);
        interval = interval == null ? Duration.ofHours(1) : interval;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("livechat.retention.interval is a positive duration, not " + interval);
        }
        for (Map.Entry<String, Duration> skill : skills.entrySet()) {
            if (skill.getValue().isNegative()) {
                throw new IllegalArgumentException("livechat.retention.skills." + skill.getKey()
                        + " is a positive duration, not " + skill.getValue());
            }
        }
        if (closedAfter != null && closedAfter.isNegative()) {
            throw new IllegalArgumentException("livechat.retention.closed-after is a positive duration, not "
                    + closedAfter);
        }
    }

    /** Whether any conversation is ever erased by retention. */
    public boolean enabled() {
        return closedAfter != null || !skills.isEmpty();
    }

    /** How long a conversation needing {@code skill} (null: none) is kept once closed; null: until erased. */
    public Duration keptFor(String skill) {
        return skill != null && skills.containsKey(skill) ? skills.get(skill) : closedAfter;
    }
}

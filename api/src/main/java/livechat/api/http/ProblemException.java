package livechat.api.http;

import org.springframework.http.HttpStatus;

import java.time.Duration;

/** A refusal the edge answers as an RFC 7807 problem naming its {@link ApiRule}. */
public class ProblemException extends RuntimeException {

    private final ApiRule rule;
    private final Duration retryAfter;

    public ProblemException(ApiRule rule, String detail) {
        this(rule, detail, null);
    }

    /** A refusal that the same call may overcome after {@code retryAfter} (its {@code Retry-After}). */
    public ProblemException(ApiRule rule, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.rule = rule;
        this.retryAfter = retryAfter;
    }

    /** When the same call may be tried again; null when no wait is known. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public HttpStatus status() {
        return rule.status();
    }

    public String rule() {
        return rule.ruleName();
    }
}

package livechat.api.http;

import org.springframework.http.HttpStatus;

/** A refusal the edge answers as an RFC 7807 problem naming its {@link ApiRule}. */
public class ProblemException extends RuntimeException {

    private final ApiRule rule;

    public ProblemException(ApiRule rule, String detail) {
        super(detail, null, false, false);
        this.rule = rule;
    }

    public HttpStatus status() {
        return rule.status();
    }

    public String rule() {
        return rule.ruleName();
    }
}

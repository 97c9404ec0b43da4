package livechat.api.http;

import org.springframework.http.HttpStatus;

/** A refusal the edge answers as an RFC 7807 problem naming its {@code rule}. */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String rule;

    public ProblemException(HttpStatus status, String rule, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.rule = rule;
    }

    public HttpStatus status() {
        return status;
    }

    public String rule() {
        return rule;
    }
}

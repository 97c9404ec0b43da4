package livechat.api.http;

import org.springframework.http.HttpStatus;

/**
 * The rules the HTTP edge enforces itself, for what never reaches an aggregate: credentials, roles on reads, query
 * parameters, headers, bodies, limits and the stores' state. Each carries its status and the name a refusal's
 * {@code rule} carries; the domain's rules are the command side's rule enums, whose kind gives their status. No name
 * here is also a domain rule's name.
 */
public enum ApiRule {
    AUTHENTICATION_REQUIRED(HttpStatus.UNAUTHORIZED, "authentication-required"),
    TOKEN_INVALID(HttpStatus.UNAUTHORIZED, "token-invalid"),
    ACCOUNT_DISABLED(HttpStatus.UNAUTHORIZED, "account-disabled"),
    LOGIN_FAILED(HttpStatus.UNAUTHORIZED, "login-failed"),
    VISITOR_SIGNATURE_INVALID(HttpStatus.UNAUTHORIZED, "visitor-signature-invalid"),

    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden"),
    CROSS_ORIGIN_REFUSED(HttpStatus.FORBIDDEN, "cross-origin-refused"),
    CURRENT_PASSWORD(HttpStatus.FORBIDDEN, "current-password"),
    AGENTS_SEARCH_OWN_CONVERSATIONS(HttpStatus.FORBIDDEN, "agents-search-own-conversations"),
    STAFF_ONLY(HttpStatus.FORBIDDEN, "staff-only"),
    METRICS_SUPERVISORS_OR_SELF(HttpStatus.FORBIDDEN, "metrics-supervisors-or-self"),
    AUDITORS_ONLY(HttpStatus.FORBIDDEN, "auditors-only"),
    AUDITORS_OR_SUPERVISORS(HttpStatus.FORBIDDEN, "auditors-or-supervisors"),
    SITE_ORIGIN(HttpStatus.FORBIDDEN, "site-origin"),

    CONVERSATION_NOT_FOUND(HttpStatus.NOT_FOUND, "conversation-not-found"),
    STAFF_ACCOUNT_NOT_FOUND(HttpStatus.NOT_FOUND, "staff-account-not-found"),
    AGENT_NOT_FOUND(HttpStatus.NOT_FOUND, "agent-not-found"),
    CHECKPOINT_NOT_FOUND(HttpStatus.NOT_FOUND, "checkpoint-not-found"),
    ATTACHMENT_NOT_FOUND(HttpStatus.NOT_FOUND, "attachment-not-found"),

    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed-request"),
    TEXT_ENCODING(HttpStatus.BAD_REQUEST, "text-encoding"),
    TEXT_CHARACTERS(HttpStatus.BAD_REQUEST, "text-characters"),
    MALFORMED_HTTP(HttpStatus.BAD_REQUEST, "malformed-http"),
    AGENT_ID_FORMAT(HttpStatus.BAD_REQUEST, "agent-id-format"),
    PASSWORD_LENGTH(HttpStatus.BAD_REQUEST, "password-length"),
    CANNED_RESPONSE_ALONE(HttpStatus.BAD_REQUEST, "canned-response-alone"),
    PAGE_BOUNDS(HttpStatus.BAD_REQUEST, "page-bounds"),
    RESUME_POSITION(HttpStatus.BAD_REQUEST, "resume-position"),
    TIME_RANGE(HttpStatus.BAD_REQUEST, "time-range"),
    EXPORT_FORMAT(HttpStatus.BAD_REQUEST, "export-format"),
    DISPUTE_STATUS(HttpStatus.BAD_REQUEST, "dispute-status"),
    CONVERSATION_STATUS(HttpStatus.BAD_REQUEST, "conversation-status"),
    ACTOR_FORMAT(HttpStatus.BAD_REQUEST, "actor-format"),
    SITE_UNKNOWN(HttpStatus.BAD_REQUEST, "site-unknown"),
    ATTACHMENT_PART(HttpStatus.BAD_REQUEST, "attachment-part"),

    AGENT_ALREADY_REGISTERED(HttpStatus.CONFLICT, "agent-already-registered"),
    STAFF_ACCOUNT_EXISTS(HttpStatus.CONFLICT, "staff-account-exists"),
    CONCURRENT_CHANGE(HttpStatus.CONFLICT, "concurrent-change"),
    ALREADY_EXISTS(HttpStatus.CONFLICT, "already-exists"),

    REQUEST_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large"),
    ATTACHMENT_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "attachment-too-large"),
    REQUEST_LINE_TOO_LONG(HttpStatus.URI_TOO_LONG, "request-line-too-long"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
    ATTACHMENT_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "attachment-type"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited"),
    HEADERS_TOO_LARGE(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large"),

    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error"),
    EVENT_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "event-store-unavailable"),
    READ_MODEL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "read-model-unavailable"),
    READ_MODEL_CATCHING_UP(HttpStatus.SERVICE_UNAVAILABLE, "read-model-catching-up"),
    SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "server-busy"),
    SERVER_STOPPING(HttpStatus.SERVICE_UNAVAILABLE, "server-stopping"),
    CHECKPOINT_SINK_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "checkpoint-sink-unavailable");

    private final HttpStatus status;
    private final String ruleName;

    ApiRule(HttpStatus status, String ruleName) {
        this.status = status;
        this.ruleName = ruleName;
    }

    public HttpStatus status() {
        return status;
    }

    public String ruleName() {
        return ruleName;
    }

    /** {@code 4xx/5xx rule} with {@code detail}, as the edge answers it. */
    public ProblemException refused(String detail) {
        return new ProblemException(this, detail);
    }
}

package livechat.api.http;

import com.fasterxml.jackson.core.JacksonException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import livechat.api.store.StoreWork;
import livechat.command.RuleViolation;
import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import java.net.URI;
import java.util.Map;

/**
 * Turns every failure into an RFC 7807 problem whose {@code rule} names what was broken. Refusals of bad input
 * are 4xx; only a fault of our own is a 500.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private static final Map<RuleViolation.Kind, HttpStatus> STATUS_OF = Map.of(
            RuleViolation.Kind.INVALID, HttpStatus.BAD_REQUEST,
            RuleViolation.Kind.FORBIDDEN, HttpStatus.FORBIDDEN,
            RuleViolation.Kind.NOT_FOUND, HttpStatus.NOT_FOUND,
            RuleViolation.Kind.CONFLICT, HttpStatus.CONFLICT);

    /** The status a refusal of the domain's {@code kind} answers with. */
    static HttpStatus statusOf(RuleViolation.Kind kind) {
        return STATUS_OF.get(kind);
    }

    static ProblemDetail problem(ApiRule rule, String detail) {
        return problem(rule.status(), rule.ruleName(), detail);
    }

    static ProblemDetail problem(HttpStatusCode status, String rule, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:livechat:problem:" + rule));
        problem.setProperty("rule", rule);
        return problem;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> refused(ProblemException e) {
        ResponseEntity.BodyBuilder response = problemResponse(e.status());
        if (e.status() == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"livechat\"");
        }
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()));
        } else if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem(e.status(), e.rule(), e.getMessage()));
    }

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleBroken(RuleViolation e) {
        HttpStatus status = STATUS_OF.get(e.kind());
        return respond(problem(status, e.ruleName(), e.getMessage()));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return respond(problem(ApiRule.CONCURRENT_CHANGE,
                "Another change to the same conversation was written at the same moment; send the request again."));
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> alreadyExists(AggregateStreamCreationException e) {
        return respond(problem(ApiRule.ALREADY_EXISTS,
                "Something with this identifier already exists; nothing was written."));
    }

    /**
     * KurrentDB or a JDBC database that cannot be reached, or a transaction on the latter that cannot begin or end
     * (a rollback on a lost connection fails too, and hides the failure that caused it). The store's loss and return
     * are logged once each, where the store is watched; not per request.
     */
    @ExceptionHandler({AxonTransientException.class, CannotCreateTransactionException.class,
            TransactionSystemException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(Exception e) {
        log.debug("Event store unavailable", e);
        return refused(new ProblemException(ApiRule.EVENT_STORE_UNAVAILABLE,
                "The event store cannot be reached; nothing was written. Try again shortly."));
    }

    @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class})
    ResponseEntity<ProblemDetail> readModelsUnavailable(MongoException e) {
        log.debug("Read-model store unavailable", e);
        return refused(new ProblemException(ApiRule.READ_MODEL_UNAVAILABLE,
                "The read-model store cannot be reached; nothing was changed. Try again shortly."));
    }

    @ExceptionHandler(StoreWork.Busy.class)
    ResponseEntity<ProblemDetail> busy(StoreWork.Busy e) {
        return refused(new ProblemException(ApiRule.SERVER_BUSY, e.getMessage()));
    }

    /** The client closed its connection (or the server is closing it at a stop): there is nobody left to answer. */
    @ExceptionHandler(AbortedException.class)
    ResponseEntity<ProblemDetail> clientGone(AbortedException e) {
        log.debug("The connection closed before the answer", e);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(problem(ApiRule.INTERNAL_ERROR,
                "Something went wrong on our side; nothing you sent was half-written. Try again."));
    }

    /** The framework's own refusals (malformed JSON, wrong media type, unknown path...) get a rule too. */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                                  HttpStatusCode status, ServerWebExchange exchange) {
        StrictJson.RefusedText refusedText = cause(ex, StrictJson.RefusedText.class);
        if (refusedText != null) {
            return Mono.just(problemResponse(HttpStatus.BAD_REQUEST).body(problem(refusedText.rule(),
                    refusedText.detail())));
        }
        if (cause(ex, DataBufferLimitException.class) != null) {
            return Mono.just(problemResponse(HttpStatus.PAYLOAD_TOO_LARGE).body(problem(ApiRule.REQUEST_TOO_LARGE,
                    "The request body is larger than allowed.")));
        }
        String rule = ex instanceof ServerWebInputException ? ApiRule.MALFORMED_REQUEST.ruleName() : ruleFor(status);
        String detail = ex instanceof ResponseStatusException refusal && refusal.getReason() != null
                ? refusal.getReason() : ex.getMessage();
        if (cause(ex, JacksonException.class) != null) {
            detail = "The body is not the JSON this call takes: " + rootMessage(ex);
        } else if (ex instanceof ServerWebInputException input && input.getMethodParameter() != null
                && input.getMethodParameter().getParameterName() != null) {
            detail = "'" + input.getMethodParameter().getParameterName() + "': " + detail;
        }
        return Mono.just(problemResponse(status).headers(headers).body(problem(status, rule, detail)));
    }

    /**
     * Problems are always JSON, even for a request that asked for an event stream: the type is set explicitly so
     * content negotiation cannot pick another writer.
     */
    private static ResponseEntity.BodyBuilder problemResponse(HttpStatusCode status) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return problemResponse(HttpStatusCode.valueOf(problem.getStatus())).body(problem);
    }

    private static String ruleFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value()
                : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root instanceof JacksonException json ? json.getOriginalMessage() : root.getMessage();
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

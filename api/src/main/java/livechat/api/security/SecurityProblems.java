package livechat.api.security;

import livechat.api.http.ProblemResponses;
import livechat.events.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * The refusals of the security filters, as the same RFC 7807 problems every other refusal is: 401
 * {@code authentication-required} (no credentials), {@code token-invalid} (a token or ticket that does not verify:
 * malformed, oversized, expired, wrongly signed, unsigned, for another audience or issuer, an unknown key) or
 * {@code account-disabled}; 403 {@code forbidden} for a role the endpoint is not for.
 */
final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private final ProblemResponses problems;

    SecurityProblems(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        String rule;
        String detail;
        String error = null;
        if (failure instanceof AuthenticationCredentialsNotFoundException) {
            rule = "authentication-required";
            detail = "This call needs a bearer token (Authorization: Bearer ...); staff get one from "
                    + "/api/auth/token, visitors from /api/visitor-sessions.";
        } else if (failure instanceof AccountDisabledException) {
            rule = "account-disabled";
            detail = failure.getMessage();
            error = "invalid_token";
        } else {
            rule = "token-invalid";
            detail = "The token was refused: " + failure.getMessage();
            error = "invalid_token";
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"livechat\""
                + (error == null ? "" : ", error=\"" + error + "\""));
        return write(exchange, HttpStatus.UNAUTHORIZED, rule, detail);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal().map(principal -> principal instanceof Authentication authentication
                        && authentication.getPrincipal() instanceof Identity identity ? identity : null)
                .map(SecurityProblems::refusal).defaultIfEmpty("Your role may not use this call.")
                .flatMap(detail -> write(exchange, HttpStatus.FORBIDDEN, "forbidden", detail));
    }

    /** {@code 403 rule}: refused before any endpoint runs. */
    Mono<Void> refuse(ServerWebExchange exchange, String rule, String detail) {
        return write(exchange, HttpStatus.FORBIDDEN, rule, detail);
    }

    /** {@code 429 rate-limited}: nothing of the call was done; it may be sent again after {@code wait}. */
    Mono<Void> tooMany(ServerWebExchange exchange, Duration wait, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds()));
        return write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", detail);
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String rule, String detail) {
        return problems.write(exchange, status, rule, detail);
    }

    /** Why a verified identity is refused a call, in words. */
    private static String refusal(Identity identity) {
        if (identity.holds(Role.AUDITOR) && identity.roles().size() == 1) {
            return "Auditors read; they change nothing.";
        }
        return "This call is not for the roles " + identity.roles().stream().map(Role::wireName).sorted().toList()
                + ".";
    }
}

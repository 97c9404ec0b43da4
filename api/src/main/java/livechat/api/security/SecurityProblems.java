package livechat.api.security;

import livechat.api.http.ApiRule;
import livechat.api.http.ProblemResponses;
import livechat.events.Role;
import org.springframework.http.HttpHeaders;
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
        ApiRule rule;
        String detail;
        String error = null;
        if (failure instanceof AuthenticationCredentialsNotFoundException) {
            rule = ApiRule.AUTHENTICATION_REQUIRED;
            detail = "This call needs a bearer token (Authorization: Bearer ...); staff get one from "
                    + "/api/auth/token, visitors from /api/visitor-sessions.";
        } else if (failure instanceof AccountDisabledException) {
            rule = ApiRule.ACCOUNT_DISABLED;
            detail = failure.getMessage();
            error = "invalid_token";
        } else {
            rule = ApiRule.TOKEN_INVALID;
            detail = "The token was refused: " + failure.getMessage();
            error = "invalid_token";
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"livechat\""
                + (error == null ? "" : ", error=\"" + error + "\""));
        return problems.write(exchange, rule, detail);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal().map(principal -> principal instanceof Authentication authentication
                        && authentication.getPrincipal() instanceof Identity identity ? identity : null)
                .map(SecurityProblems::refusal).defaultIfEmpty("Your role may not use this call.")
                .flatMap(detail -> problems.write(exchange, ApiRule.FORBIDDEN, detail));
    }

    /** {@code rule}: refused before any endpoint runs. */
    Mono<Void> refuse(ServerWebExchange exchange, ApiRule rule, String detail) {
        return problems.write(exchange, rule, detail);
    }

    /** {@code 429 rate-limited}: nothing of the call was done; it may be sent again after {@code wait}. */
    Mono<Void> tooMany(ServerWebExchange exchange, Duration wait, String detail) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds()));
        return problems.write(exchange, ApiRule.RATE_LIMITED, detail);
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

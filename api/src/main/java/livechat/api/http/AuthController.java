package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.Sessions.Tokens;
import livechat.api.security.Sessions.VisitorSession;
import livechat.api.security.Sessions;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Signing in: staff with their username and password, visitors anonymously or as a site's signed-in customer, and
 * both again with a refresh token. Every answer is a short-lived access token (a bearer JWT) and a single-use refresh
 * token.
 */
@RestController
@Tag(name = "sign-in")
class AuthController {

    record TokenRequest(@Schema(requiredMode = REQUIRED) String username,
                        @Schema(requiredMode = REQUIRED, format = "password") String password) {
    }

    record RefreshRequest(@Schema(requiredMode = REQUIRED) String refreshToken) {
    }

    /**
     * Empty for an anonymous visitor, {@code siteId} alone for one on a page of that site (the widget's
     * {@code data-site}), all three for a customer signed in on a site.
     */
    record VisitorSessionRequest(String siteId, String customerId, String signature) {
    }

    private final Sessions sessions;

    AuthController(Sessions sessions) {
        this.sessions = sessions;
    }

    @PostMapping("/api/auth/token")
    @Operation(operationId = "signIn", summary = "Sign in as staff with a username and password")
    @Refuses({ApiRule.LOGIN_FAILED, ApiRule.ACCOUNT_DISABLED})
    Mono<Tokens> token(@RequestBody TokenRequest request) {
        return sessions.signIn(request.username(), request.password());
    }

    @PostMapping("/api/auth/refresh")
    @Operation(operationId = "refreshTokens", summary = "Trade a refresh token (once) for new tokens")
    @Refuses({ApiRule.TOKEN_INVALID, ApiRule.ACCOUNT_DISABLED})
    Mono<Tokens> refresh(@RequestBody RefreshRequest request) {
        return sessions.refresh(request.refreshToken());
    }

    @PostMapping("/api/visitor-sessions")
    @Operation(operationId = "startVisitorSession", summary = "Start a visitor's session: anonymous, or a site's "
            + "signed-in customer")
    @Refuses({ApiRule.VISITOR_SIGNATURE_INVALID, ApiRule.SITE_UNKNOWN, ApiRule.SITE_ORIGIN})
    Mono<VisitorSession> visitorSession(@RequestBody(required = false) VisitorSessionRequest request,
                                        @RequestHeader(name = HttpHeaders.ORIGIN, required = false) String origin) {
        if (request == null || request.siteId() == null && request.customerId() == null
                && request.signature() == null) {
            return sessions.anonymousVisitor();
        }
        if (request.customerId() == null && request.signature() == null) {
            return sessions.siteVisitor(request.siteId(), origin);
        }
        return sessions.signedInVisitor(request.siteId(), request.customerId(), request.signature(), origin);
    }
}

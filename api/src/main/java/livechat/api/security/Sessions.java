package livechat.api.security;

import livechat.api.http.ApiRule;
import livechat.api.http.ProblemException;
import livechat.events.Role;
import livechat.query.staff.StaffCredentials;
import livechat.query.staff.StaffDirectory;
import livechat.query.staff.StaffMember;
import reactor.core.publisher.Mono;

import java.util.EnumSet;
import java.util.Set;

/**
 * Signing in and staying signed in: staff with username and password, visitors anonymously or as a site's signed-in
 * customer, and either with a refresh token. Each answers an access token and a new refresh token.
 */
public final class Sessions {

    /** The answer to a sign-in or a refresh. */
    public record Tokens(String accessToken, String refreshToken, long expiresIn) {
    }

    /** The answer to a visitor's sign-in: {@link Tokens} and the visitor id they stand for. */
    public record VisitorSession(String visitorId, String accessToken, String refreshToken, long expiresIn) {
    }

    private final StaffDirectory directory;
    private final StaffCredentials credentials;
    private final Passwords passwords;
    private final TokenIssuer issuer;
    private final RefreshTokens refreshTokens;
    private final VisitorIdentities visitors;

    public Sessions(StaffDirectory directory, StaffCredentials credentials, Passwords passwords, TokenIssuer issuer,
                    RefreshTokens refreshTokens, VisitorIdentities visitors) {
        this.directory = directory;
        this.credentials = credentials;
        this.passwords = passwords;
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.visitors = visitors;
    }

    /**
     * A staff member's sign-in. A wrong username or password is the same 401 {@code login-failed} (and costs the same
     * time); a disabled account, once the password proved who asks, is 401 {@code account-disabled}.
     */
    public Mono<Tokens> signIn(String username, String password) {
        if (username == null || password == null) {
            return Mono.error(new ProblemException(ApiRule.MALFORMED_REQUEST,
                    "A sign-in names username and password."));
        }
        Mono<StaffMember> member = directory.find(username).cache();
        return Mono.zip(member.map(found -> found.username()).defaultIfEmpty(""),
                        credentials.hashOf(username).defaultIfEmpty(""))
                .flatMap(found -> passwords.matches(password, found.getT1().isEmpty() || found.getT2().isEmpty()
                        ? null : found.getT2()))
                .flatMap(matched -> matched ? member
                        : Mono.error(ApiRule.LOGIN_FAILED.refused("The username or the password is wrong.")))
                .flatMap(found -> staffTokens(found, null));
    }

    /** Redeems a refresh token for new tokens; a staff account is checked again (disabled, current roles). */
    public Mono<Tokens> refresh(String refreshToken) {
        return refreshTokens.redeem(refreshToken).flatMap(grant -> switch (grant.kind()) {
            case VISITOR -> visitorTokens(grant.subject(), grant.family())
                    .map(session -> new Tokens(session.accessToken(), session.refreshToken(), session.expiresIn()));
            case STAFF -> directory.find(grant.subject())
                    .switchIfEmpty(Mono.error(() -> RefreshTokens.invalid("The account no longer exists.")))
                    .flatMap(member -> staffTokens(member, grant.family()));
        });
    }

    /** An anonymous visitor's session, with a new visitor id. */
    public Mono<VisitorSession> anonymousVisitor() {
        return visitorTokens(visitors.anonymous(), null);
    }

    /**
     * An anonymous visitor's session on a page of {@code siteId} ({@code origin}, the page's, null outside a
     * browser), with a new visitor id.
     */
    public Mono<VisitorSession> siteVisitor(String siteId, String origin) {
        return Mono.fromRunnable(() -> visitors.checkSite(siteId, origin)).then(anonymousVisitor());
    }

    /**
     * A site's signed-in customer's session, always with the same visitor id for the same customer; asked for from a
     * page ({@code origin}, null outside a browser), the page must be the site's.
     */
    public Mono<VisitorSession> signedInVisitor(String siteId, String customerId, String signature, String origin) {
        return Mono.fromCallable(() -> {
            String visitorId = visitors.signedIn(siteId, customerId, signature);
            visitors.checkSite(siteId, origin);
            return visitorId;
        }).flatMap(visitorId -> visitorTokens(visitorId, null));
    }

    private Mono<Tokens> staffTokens(StaffMember member, String family) {
        if (member.disabled()) {
            return Mono.error(new ProblemException(ApiRule.ACCOUNT_DISABLED,
                    "The account " + member.username() + " is disabled."));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        member.roles().forEach(role -> roles.add(Role.fromWireName(role)));
        return refreshTokens.issue(member.username(), RefreshTokens.Kind.STAFF, family)
                .map(refresh -> new Tokens(issuer.accessToken(member.username(), roles), refresh,
                        issuer.lifetimeSeconds()));
    }

    private Mono<VisitorSession> visitorTokens(String visitorId, String family) {
        return refreshTokens.issue(visitorId, RefreshTokens.Kind.VISITOR, family)
                .map(refresh -> new VisitorSession(visitorId, issuer.accessToken(visitorId, Set.of(Role.VISITOR)),
                        refresh, issuer.lifetimeSeconds()));
    }
}

package livechat.api.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import livechat.events.Role;
import livechat.query.staff.StaffMember;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a bearer token becomes an {@link Identity}: the decoders that verify signature, issuer, audience and expiry
 * (for the embedded issuer and for an external OpenID Connect provider), and the converters that read the subject
 * and roles and check the staff directory.
 */
final class JwtIdentities {

    /** An identity's id becomes an actor id, so it must have that form. */
    private static final Pattern ACTOR_ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    private static final Set<Role> STAFF_ROLES = Role.staff();

    private JwtIdentities() {
    }

    /**
     * Verifies this server's own tokens against the current {@link SigningKeys}: ES256 or RS256 only (a token with
     * {@code alg: none} or an unknown {@code kid} finds no key), then issuer, audience and expiry.
     */
    static ReactiveJwtDecoder embeddedDecoder(SigningKeys keys, String issuer, String audience) {
        JWKSource<SecurityContext> source = (JWKSelector selector, SecurityContext context) ->
                selector.select(keys.publicKeys());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                source));
        // Spring's validators below check the claims, with the error reporting the rest of the chain expects.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        // A token that does not verify is the client's fault (401), never the server's: BadJwtException says so.
        Converter<JWT, Mono<JWTClaimsSet>> verify = jwt -> jwt instanceof SignedJWT signed
                ? Mono.fromCallable(() -> processor.process(signed, null))
                .onErrorMap(failure -> new BadJwtException(failure.getMessage(), failure))
                : Mono.error(new BadJwtException("Unsigned tokens are refused."));
        NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder(verify);
        decoder.setJwtValidator(validator(issuer, audience));
        return decoder;
    }

    /** Verifies an external provider's tokens with its published keys (RS256, ES256 or PS256). */
    static ReactiveJwtDecoder externalDecoder(AuthProperties.Oidc oidc) {
        NimbusReactiveJwtDecoder decoder = (oidc.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(oidc.jwkSetUri())
                : NimbusReactiveJwtDecoder.withIssuerLocation(oidc.issuer()))
                .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
                        SignatureAlgorithm.ES256, SignatureAlgorithm.PS256)))
                .build();
        decoder.setJwtValidator(validator(oidc.issuer(), oidc.audience()));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(issuer == null ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer));
        validators.add(new JwtClaimValidator<Object>("exp", expiry -> expiry != null));
        if (audience != null) {
            validators.add(new JwtClaimValidator<List<String>>("aud", audiences -> audiences != null
                    && audiences.contains(audience)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /**
     * This server's tokens: a visitor's is its own identity; a staff member's must name an account of the
     * directory that is not disabled, and acts in the roles both the token and the account hold now.
     */
    static Converter<Jwt, Mono<AbstractAuthenticationToken>> embedded(StaffStatus staff) {
        return jwt -> {
            String subject = actorId(jwt.getSubject(), "sub");
            Set<Role> roles = roles(jwt.getClaim(TokenIssuer.ROLES), EnumSet.complementOf(EnumSet.of(Role.SYSTEM)));
            String issuer = jwt.getClaimAsString("iss");
            if (roles.contains(Role.VISITOR)) {
                if (roles.size() > 1) {
                    return Mono.error(new InvalidBearerTokenException("A visitor's token holds no other role."));
                }
                return Mono.just(new IdentityAuthentication(new Identity(subject, roles, subject, issuer)));
            }
            return staff.member(subject)
                    .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The token's account does not "
                            + "exist.")))
                    .flatMap(member -> member.disabled() ? Mono.error(new AccountDisabledException(subject))
                            : Mono.just(new IdentityAuthentication(new Identity(subject, held(roles, member),
                            subject, issuer))));
        };
    }

    /**
     * An external provider's tokens: the id is the {@code usernameClaim} (else {@code sub}); the staff roles are
     * read from {@code rolesClaim}. A directory account of that name that is disabled refuses the token.
     */
    static Converter<Jwt, Mono<AbstractAuthenticationToken>> external(StaffStatus staff, AuthProperties.Oidc oidc) {
        return jwt -> {
            Object named = jwt.getClaims().get(oidc.usernameClaim());
            String id = actorId(named instanceof String name ? name : jwt.getSubject(), oidc.usernameClaim());
            Set<Role> roles = roles(claimAt(jwt.getClaims(), oidc.rolesClaim()), STAFF_ROLES);
            Identity identity = new Identity(id, roles, jwt.getSubject(), jwt.getClaimAsString("iss"));
            return staff.cachedMember(id)
                    .flatMap(member -> member.disabled() ? Mono.<AbstractAuthenticationToken>error(
                            new AccountDisabledException(id)) : Mono.empty())
                    .switchIfEmpty(Mono.fromSupplier(() -> new IdentityAuthentication(identity)));
        };
    }

    /** The roles the token names that the account still holds. */
    private static Set<Role> held(Set<Role> claimed, StaffMember member) {
        Set<Role> held = EnumSet.noneOf(Role.class);
        claimed.stream().filter(role -> member.holds(role.wireName())).forEach(held::add);
        return held;
    }

    /** The value at a dotted path ({@code realm_access.roles}) of the claims, or null. */
    static Object claimAt(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String step : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(step);
        }
        return value;
    }

    /** Known roles among a claim's values (a list, or a space-separated string); others are ignored. */
    private static Set<Role> roles(Object claim, Set<Role> allowed) {
        Collection<?> values = claim instanceof Collection<?> list ? list
                : claim instanceof String text ? List.of(text.split(" ")) : List.of();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object value : values) {
            try {
                Role role = Role.fromWireName(String.valueOf(value).strip().toLowerCase(Locale.ROOT));
                if (allowed.contains(role)) {
                    roles.add(role);
                }
            } catch (IllegalArgumentException unknown) {
                // A provider's other roles (offline_access, uma_authorization...) are not ours.
            }
        }
        return roles;
    }

    private static String actorId(String value, String claim) {
        if (value == null || !ACTOR_ID.matcher(value).matches()) {
            throw new InvalidBearerTokenException("The token's " + claim + " is not 1 to 128 letters, digits, '.', "
                    + "'_', '@' or '-'.");
        }
        return value;
    }
}

package livechat.api.security;

import livechat.api.http.ProblemResponses;
import livechat.api.store.ProjectionCatchUp;
import livechat.api.store.StoreWork;
import livechat.query.agents.AgentDirectory;
import livechat.query.projection.ReadModelDatabase;
import livechat.query.staff.StaffCredentials;
import livechat.query.staff.StaffDirectory;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who is acting, made real: bearer tokens from this server (the embedded issuer: staff sign-in and visitor
 * sessions) and, when configured, from an external OpenID Connect provider, each verified by its issuer's keys;
 * stream tickets for a browser's {@code EventSource}; and which roles may call which endpoints. Which conversation
 * an actor may see is {@link ConversationAccess}'s to decide, inside the endpoints.
 * <p>
 * No cookies and no sessions: every call carries its bearer token, so there is nothing for a cross-site request to
 * ride on and CSRF protection is off on purpose.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AuthProperties.class, SiteProperties.class, LimitProperties.class})
public class SecurityConfiguration {

    /** Calls anyone may make, and to which a bearer token is not even read. */
    private static final String[] PUBLIC = Stream.concat(Stream.of("/actuator/health", "/actuator/health/**",
            "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**",
            "/.well-known/jwks.json"), Stream.of(StaticClients.PUBLIC)).toArray(String[]::new);
    private static final String[] SIGN_IN = {"/api/auth/token", "/api/auth/refresh", "/api/visitor-sessions"};
    static final String STREAM = "/api/conversations/{conversationId}/stream";
    /** How long a verified token of the external provider is remembered at most (its own expiry comes first). */
    private static final Duration EXTERNAL_TOKENS_REMEMBERED = Duration.ofHours(1);

    @Bean
    SharedBuckets sharedBuckets(ReadModelDatabase database, Clock clock) {
        return new SharedBuckets(database, clock);
    }

    @Bean
    Allowances allowances(SharedBuckets shared, LimitProperties limits) {
        return new Allowances(shared, limits.trackedClients(), limits.longestWindow());
    }

    @Bean
    UploadQuota uploadQuota(LimitProperties limits, Allowances allowances) {
        return new UploadQuota(limits, allowances);
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, SigningKeys keys, AuthProperties auth,
                                                  StaffStatus staff, StreamTickets tickets, LimitProperties limits,
                                                  Allowances allowances,
                                                  @Value("${livechat.allowed-origins:}") List<String> allowedOrigins,
                                                  SiteProperties sites, ProblemResponses problemResponses,
                                                  Clock clock) {
        SecurityProblems problems = new SecurityProblems(problemResponses);
        List<String> origins = Stream.concat(allowedOrigins.stream(), sites.origins().stream()).distinct().toList();
        http.addFilterAt(new CrossOrigin(origins, problems), SecurityWebFiltersOrder.CORS);
        if (limits.enabled()) {
            http.addFilterBefore(new RateLimits(limits, allowances, problems), SecurityWebFiltersOrder.AUTHORIZATION);
        }
        String[] conversationRoles = {"visitor", "agent", "supervisor", "auditor"};
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.OPTIONS).permitAll()
                        .pathMatchers(PUBLIC).permitAll()
                        .pathMatchers(HttpMethod.POST, SIGN_IN).permitAll()
                        .pathMatchers("/actuator/**").hasRole("ops")
                        .pathMatchers(HttpMethod.PUT, "/api/staff/*/password").authenticated()
                        .pathMatchers("/api/staff", "/api/staff/**").hasRole("admin")
                        // A visitor's data is exported and erased by privacy staff or supervisors (DataSubject
                        // decides the rest of an erasure).
                        .pathMatchers(HttpMethod.GET, "/api/visitors/*/data-export").hasAnyRole("privacy", "supervisor")
                        .pathMatchers(HttpMethod.POST, "/api/visitors/*/erasure").hasAnyRole("privacy", "supervisor")
                        .pathMatchers(HttpMethod.GET, "/api/**").hasAnyRole(conversationRoles)
                        .pathMatchers(HttpMethod.HEAD, "/api/**").hasAnyRole(conversationRoles)
                        .pathMatchers(HttpMethod.POST, "/api/stream-tickets").hasAnyRole(conversationRoles)
                        // Supervisors and auditors place and release legal holds, nobody else.
                        .pathMatchers("/api/conversations/*/legal-hold").hasAnyRole("supervisor", "auditor")
                        // Auditors (and supervisors) ask for a checkpoint; AuditController refuses the others.
                        .pathMatchers(HttpMethod.POST, "/api/audits/checkpoints").hasAnyRole(conversationRoles)
                        // Auditors read; admins manage staff; ops read metrics: none of them sends commands.
                        .pathMatchers("/api/**").hasAnyRole("visitor", "agent", "supervisor")
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(issuers(keys, auth, staff, clock))
                        .bearerTokenConverter(bearerTokens(auth.maxTokenLength()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterAt(ticketFilter(tickets, problems), SecurityWebFiltersOrder.AUTHENTICATION)
                .build();
    }

    /**
     * One decoder per issuer, chosen by the token's {@code iss}: the embedded issuer's own keys, and the external
     * provider's when one is configured; a token of any other issuer is refused.
     */
    private static JwtIssuerReactiveAuthenticationManagerResolver issuers(SigningKeys keys, AuthProperties auth,
                                                                         StaffStatus staff, Clock clock) {
        JwtReactiveAuthenticationManager embedded = new JwtReactiveAuthenticationManager(
                new VerifiedTokens(JwtIdentities.embeddedDecoder(keys, auth.issuer(), auth.audience()),
                        auth.accessTokenTtl(), clock));
        embedded.setJwtAuthenticationConverter(JwtIdentities.embedded(staff));
        Map<String, Mono<ReactiveAuthenticationManager>> byIssuer = new HashMap<>();
        byIssuer.put(auth.issuer(), Mono.just(embedded));
        JwtReactiveAuthenticationManager external = null;
        if (auth.oidc().configured()) {
            external = new JwtReactiveAuthenticationManager(new VerifiedTokens(
                    JwtIdentities.externalDecoder(auth.oidc()), EXTERNAL_TOKENS_REMEMBERED, clock));
            external.setJwtAuthenticationConverter(JwtIdentities.external(staff, auth.oidc()));
        }
        JwtReactiveAuthenticationManager other = external;
        String externalIssuer = auth.oidc().issuer();
        return new JwtIssuerReactiveAuthenticationManagerResolver(issuer -> {
            Mono<ReactiveAuthenticationManager> known = byIssuer.get(issuer);
            if (known != null) {
                return known;
            }
            // Configured by its key set alone, the provider's tokens are told apart only by not being ours.
            return other != null && (externalIssuer == null || externalIssuer.equals(issuer))
                    ? Mono.just(other) : Mono.empty();
        });
    }

    /** Bearer tokens from the Authorization header only; too long a one is refused unread, and sign-in calls and
     * public ones do not read it at all (an expired token sent along to a refresh is no reason to refuse it). */
    private static ServerAuthenticationConverter bearerTokens(int maxLength) {
        ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
        ServerWebExchangeMatcher unread = new OrServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers(PUBLIC),
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, SIGN_IN));
        return exchange -> unread.matches(exchange).flatMap(match -> {
            if (match.isMatch()) {
                return Mono.empty();
            }
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header != null && header.length() > maxLength + "Bearer ".length()) {
                return Mono.error(new InvalidBearerTokenException("The bearer token is longer than " + maxLength
                        + " characters."));
            }
            return bearer.convert(exchange);
        });
    }

    /**
     * {@code GET /api/conversations/{id}/stream?ticket=...} without an Authorization header: the ticket stands for
     * the identity that asked for it, on that conversation's stream, once.
     */
    private static AuthenticationWebFilter ticketFilter(StreamTickets tickets, SecurityProblems problems) {
        AuthenticationWebFilter filter = new AuthenticationWebFilter((ReactiveAuthenticationManager) request ->
                request instanceof TicketRequest ticket
                        ? tickets.redeem(ticket.ticket(), ticket.conversationId()).map(IdentityAuthentication::new)
                        : Mono.empty());
        PathPatternParserServerWebExchangeMatcher stream = new PathPatternParserServerWebExchangeMatcher(STREAM,
                HttpMethod.GET);
        filter.setRequiresAuthenticationMatcher(exchange -> {
            if (exchange.getRequest().getHeaders().containsKey(HttpHeaders.AUTHORIZATION)
                    || !exchange.getRequest().getQueryParams().containsKey("ticket")) {
                return ServerWebExchangeMatcher.MatchResult.notMatch();
            }
            return stream.matches(exchange);
        });
        filter.setServerAuthenticationConverter(exchange -> stream.matches(exchange).map(match -> new TicketRequest(
                exchange.getRequest().getQueryParams().getFirst("ticket"),
                String.valueOf(match.getVariables().get("conversationId")))));
        filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(problems));
        return filter;
    }

    @Bean
    SigningKeys signingKeys(AuthProperties auth, Clock clock) {
        return new SigningKeys(auth.dataDir().resolve("keys"), auth.keyAlgorithm(), auth.keyRotation(),
                auth.accessTokenTtl(), clock);
    }

    @Bean
    TokenIssuer tokenIssuer(SigningKeys keys, AuthProperties auth, Clock clock) {
        return new TokenIssuer(keys, auth.issuer(), auth.audience(), auth.accessTokenTtl(), clock);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    Passwords passwords(PasswordEncoder encoder) {
        return new Passwords(encoder);
    }

    @Bean
    StaffStatus staffStatus(StaffDirectory directory, AuthProperties auth) {
        return new StaffStatus(directory, auth.staffCacheTtl());
    }

    @Bean
    RefreshTokens refreshTokens(ReadModelDatabase database, AuthProperties auth, Clock clock) {
        return new RefreshTokens(database, auth.refreshTokenTtl(), clock);
    }

    @Bean
    StreamTickets streamTickets(ReadModelDatabase database, AuthProperties auth, Clock clock) {
        return new StreamTickets(database, auth.streamTicketTtl(), clock);
    }

    @Bean
    VisitorIdentities visitorIdentities(SigningKeys keys, AuthProperties auth, SiteProperties sites) {
        // After the signing keys, which make the keys folder with its owner-only rights.
        return new VisitorIdentities(VisitorIdentities.key(auth.dataDir().resolve("keys"), auth.visitorIdKey()),
                sites.sites());
    }

    @Bean
    Sessions sessions(StaffDirectory directory, StaffCredentials credentials, Passwords passwords,
                      TokenIssuer issuer, RefreshTokens refreshTokens, VisitorIdentities visitors) {
        return new Sessions(directory, credentials, passwords, issuer, refreshTokens, visitors);
    }

    @Bean
    ConversationAccess conversationAccess(TranscriptQueries queries, AgentDirectory agents, EventStore eventStore,
                                          StoreWork storeWork, ProjectionCatchUp catchUp) {
        return new ConversationAccess(queries, agents, eventStore, storeWork, catchUp);
    }

    @Bean
    PrincipalMetaData principalMetaData() {
        return new PrincipalMetaData();
    }

    @Bean
    BootstrapAdmin bootstrapAdmin(AuthProperties auth, StaffDirectory directory, StaffCredentials credentials,
                                  Passwords passwords, CommandGateway commands,
                                  ProjectionCatchUp catchUp, EventStore eventStore) {
        return new BootstrapAdmin(auth.bootstrapAdmin(), directory, credentials, passwords, commands, catchUp,
                eventStore);
    }

    /**
     * Expired refresh tokens and stream tickets, and refilled rate buckets, go every ten minutes (the embedded MongoDB
     * has no TTL indexes).
     */
    @Bean
    ExpiredSecrets expiredSecrets(RefreshTokens refreshTokens, StreamTickets tickets, SharedBuckets buckets) {
        return new ExpiredSecrets(Flux.interval(Duration.ofMinutes(10))
                .concatMap(tick -> refreshTokens.purge().then(tickets.purge()).then(buckets.purge())
                        .onErrorResume(e -> Mono.empty()))
                .subscribe());
    }

    record ExpiredSecrets(Disposable purging) implements DisposableBean {
        @Override
        public void destroy() {
            purging.dispose();
        }
    }
}

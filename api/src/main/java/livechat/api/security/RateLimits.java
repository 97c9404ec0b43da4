package livechat.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Abuse limits, after authentication and before anything is read or written: token buckets (Bucket4j) per verified
 * party and per client address for the calls a flood would use (conversation starts, messages, typing, attachments,
 * visitor sessions, sign-in), and a cap on the streams one party holds open. A call over a limit is refused with
 * {@code 429 rate-limited} and {@code Retry-After}, before it reaches the store; one party's flood never spends
 * another's allowance. The buckets are shared by every node ({@link Allowances}). The open streams are counted per
 * node, for at most {@code trackedClients} parties, the least recently used dropped first.
 */
final class RateLimits implements WebFilter {

    private static final PathPatternParser PATHS = new PathPatternParser();

    /** The calls an allowance limits (a POST each): what a refusal calls them, their path, their allowance. */
    private static final List<Allowance> ALLOWANCES = List.of(
            new Allowance("conversation starts", "/api/conversations", LimitProperties::conversationStarts),
            new Allowance("messages", "/api/conversations/{conversationId}/messages", LimitProperties::messages),
            new Allowance("typing notices", "/api/conversations/{conversationId}/typing", LimitProperties::typing),
            new Allowance("attachments", "/api/conversations/{conversationId}/attachments",
                    LimitProperties::attachments),
            new Allowance("visitor sessions", "/api/visitor-sessions", LimitProperties::sessions),
            new Allowance("sign-ins", "/api/auth/token", LimitProperties::signIns),
            new Allowance("sign-ins", "/api/auth/refresh", LimitProperties::signIns));

    /** The limited calls, and the stream, whose open connections are capped. */
    static final List<LimitedCall> CALLS = Stream.concat(
            ALLOWANCES.stream().map(allowance -> new LimitedCall(HttpMethod.POST, allowance.path())),
            Stream.of(new LimitedCall(HttpMethod.GET, SecurityConfiguration.STREAM))).toList();

    private record Allowance(String what, String path, Function<LimitProperties, LimitProperties.Rate> rate) {
    }

    private final List<Limited> limited;
    private final PathPattern stream = PATHS.parse(SecurityConfiguration.STREAM);
    private final int streamsPerParty;
    private final Cache<String, AtomicInteger> openStreams;
    private final SecurityProblems problems;

    RateLimits(LimitProperties limits, Allowances allowances, SecurityProblems problems) {
        this.problems = problems;
        this.streamsPerParty = limits.streams();
        this.openStreams = Caffeine.newBuilder().maximumSize(limits.trackedClients()).build();
        this.limited = ALLOWANCES.stream().map(allowance -> new Limited(allowance.what(), allowance.path(),
                allowance.rate().apply(limits), allowances)).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        var path = exchange.getRequest().getPath().pathWithinApplication();
        if (HttpMethod.GET.equals(method) && stream.matches(path)) {
            return party().map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMap(party -> party.isPresent() ? holdStream(exchange, chain, party.get())
                            : chain.filter(exchange));
        }
        if (!HttpMethod.POST.equals(method)) {
            return chain.filter(exchange);
        }
        for (Limited call : limited) {
            if (call.path.matches(path)) {
                return party().map(party -> "party " + party).defaultIfEmpty("")
                        .flatMap(party -> call.admit(party, address(exchange)))
                        .flatMap(refused -> refused.map(wait -> problems.tooMany(exchange, wait, "Too many "
                                + call.what + " from you; try again in " + wait.toSeconds() + " s."))
                                .orElseGet(() -> chain.filter(exchange)));
            }
        }
        return chain.filter(exchange);
    }

    /** Counts the stream while it is open; past the cap, the stream is refused before it opens. */
    private Mono<Void> holdStream(ServerWebExchange exchange, WebFilterChain chain, String party) {
        AtomicInteger open = openStreams.get(party, key -> new AtomicInteger());
        if (open.incrementAndGet() > streamsPerParty) {
            open.decrementAndGet();
            return problems.tooMany(exchange, Duration.ofSeconds(1), "You already have " + streamsPerParty
                    + " conversation streams open; close one first.");
        }
        return chain.filter(exchange).doFinally(signal -> open.decrementAndGet());
    }

    private static Mono<String> party() {
        return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication)
                .filter(authentication -> authentication.isAuthenticated() && authentication.getName() != null)
                .map(authentication -> authentication.getName());
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return "address " + (remote == null || remote.getAddress() == null ? "unknown"
                : remote.getAddress().getHostAddress());
    }

    /** One limited call: its buckets per party and per address. */
    private static final class Limited {

        private final String what;
        private final PathPattern path;
        private final LimitProperties.Rate rate;
        private final Allowances allowances;

        Limited(String what, String path, LimitProperties.Rate rate, Allowances allowances) {
            this.what = what;
            this.path = PATHS.parse(path);
            this.rate = rate;
            this.allowances = allowances;
        }

        /** Empty when the call may go on, else how long to wait; a refused call spends nothing of the other key. */
        Mono<Optional<Duration>> admit(String party, String address) {
            Mono<Optional<Duration>> byAddress = take(address, rate.perAddress());
            if (party.isEmpty() || rate.perPrincipal() <= 0) {
                return byAddress;
            }
            return take(party, rate.perPrincipal()).flatMap(wait -> wait.isPresent() ? Mono.just(wait) : byAddress);
        }

        private Mono<Optional<Duration>> take(String key, int capacity) {
            return Mono.defer(() -> allowances.take(path.getPatternString() + " " + key, capacity, rate.window(),
                    1));
        }
    }
}

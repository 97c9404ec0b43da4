package livechat.api.http;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;

/**
 * The first step of a stop, taken before the web server's graceful shutdown waits for the requests in progress:
 * from then on a new request is answered {@code 503 server-stopping} with {@code Retry-After} and its connection
 * closed (a load balancer or client sends it again, to this node once restarted or to another), and every open
 * stream is told to reconnect and ended ({@link #stopping()}), so no idle stream holds the stop up. Requests already
 * running finish. Health probes still answer, so the node is seen going out of service.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class StopGate implements WebFilter, SmartLifecycle {

    /** What a client is told to wait before it sends the request again, or reconnects its stream. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final ProblemResponses problems;
    private final Sinks.Empty<Void> stopped = Sinks.empty();
    private volatile boolean running;
    private volatile boolean stopping;

    StopGate(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!stopping || exchange.getRequest().getPath().value().startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER.toSeconds()));
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return problems.write(exchange, ApiRule.SERVER_STOPPING,
                "This server is stopping; nothing was done. Send the request again.");
    }

    /** Completes when the server begins to stop. */
    public Mono<Void> stopSignal() {
        return stopped.asMono();
    }

    /** Whether the server has begun to stop. */
    public boolean isStopping() {
        return stopping;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stopping = true;
        running = false;
        stopped.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops just before the web server's graceful shutdown begins (a higher phase stops earlier). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }
}

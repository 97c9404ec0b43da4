package livechat.api.security;

import livechat.api.http.ApiRule;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * Which web pages may call the API from a browser: the origins of {@code livechat.allowed-origins}
 * ({@code LIVECHAT_ALLOWED_ORIGINS}, comma-separated, patterns such as {@code https://*.example.com} allowed) and
 * those of every site that embeds the widget ({@code livechat.sites.<siteId>.origins}), for commands and streams
 * alike. Calls carry bearer tokens, never cookies, so no credentials are allowed. A request from any other origin,
 * preflight or not, is refused with {@code 403 cross-origin-refused} before anything else runs; requests without an
 * {@code Origin} (servers, tools) are not cross-origin and pass.
 * <p>
 * The widget's own files ({@code /widget.js} and the modules under {@code /clients/}) are public and hold no secret:
 * any page may load them, which a module script does in CORS mode.
 */
final class CrossOrigin implements WebFilter {

    private final UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    private final DefaultCorsProcessor processor = new DefaultCorsProcessor();
    private final SecurityProblems problems;

    CrossOrigin(List<String> allowedOrigins, SecurityProblems problems) {
        this.problems = problems;
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOriginPatterns(allowedOrigins);
        api.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.PUT.name(),
                HttpMethod.DELETE.name()));
        api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Last-Event-ID"));
        api.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER));
        api.setAllowCredentials(false);
        api.setMaxAge(Duration.ofHours(1));
        source.registerCorsConfiguration("/api/**", api);
        source.registerCorsConfiguration("/.well-known/jwks.json", api);
        CorsConfiguration clientFiles = new CorsConfiguration();
        clientFiles.addAllowedOrigin(CorsConfiguration.ALL);
        clientFiles.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name()));
        clientFiles.setAllowCredentials(false);
        for (String path : StaticClients.CROSS_ORIGIN) {
            source.registerCorsConfiguration(path, clientFiles);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        CorsConfiguration configuration = source.getCorsConfiguration(exchange);
        if (configuration == null || !processor.process(configuration, exchange)) {
            return problems.refuse(exchange, ApiRule.CROSS_ORIGIN_REFUSED, "Pages from "
                    + exchange.getRequest().getHeaders().getOrigin() + " may not call this server; its operator "
                    + "lists the origins that may in LIVECHAT_ALLOWED_ORIGINS.");
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }
}

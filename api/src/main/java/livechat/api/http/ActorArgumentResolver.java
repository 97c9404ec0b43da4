package livechat.api.http;

import livechat.events.Actor;
import livechat.events.Role;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives controllers the {@link Actor} making the request. Until authentication lands it is read from the
 * {@code X-Actor} header; a verified principal will replace this one class.
 */
final class ActorArgumentResolver implements HandlerMethodArgumentResolver {

    static final String HEADER = "X-Actor";

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context,
                                        ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (header == null || header.isBlank()) {
            return Mono.error(new ProblemException(HttpStatus.UNAUTHORIZED, "actor-required",
                    "Every request names who is acting in the " + HEADER + " header, as role:id."));
        }
        try {
            Actor actor = Actor.parse(header.strip());
            if (actor.is(Role.SYSTEM)) {
                throw new IllegalArgumentException("the role is one of visitor, agent, supervisor, auditor");
            }
            return Mono.just(actor);
        } catch (IllegalArgumentException malformed) {
            return Mono.error(new ProblemException(HttpStatus.UNAUTHORIZED, "actor-required",
                    "The " + HEADER + " header is malformed: " + malformed.getMessage() + "."));
        }
    }
}

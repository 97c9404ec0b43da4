package livechat.api.http;

import livechat.api.security.Identity;
import livechat.api.security.IdentityAuthentication;
import livechat.events.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Gives controllers who is acting: the verified {@link Identity} of the request, or the {@link Actor} it makes
 * ({@link Identity#actor()}, the one place an actor is built from a principal).
 */
final class PrincipalArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class || parameter.getParameterType() == Identity.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context,
                                        ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(IdentityAuthentication.class::isInstance)
                .map(principal -> ((IdentityAuthentication) principal).getPrincipal())
                .switchIfEmpty(Mono.error(() -> ApiRule.AUTHENTICATION_REQUIRED.refused(
                        "This call needs a bearer token.")))
                .map(identity -> parameter.getParameterType() == Actor.class ? identity.actor() : identity);
    }
}

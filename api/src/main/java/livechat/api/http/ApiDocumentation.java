package livechat.api.http;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import livechat.api.security.Identity;
import livechat.events.Actor;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Set;

/**
 * The OpenAPI description at {@code /v3/api-docs} (and a browsable UI at {@code /swagger-ui.html}). Every call but
 * the sign-in ones takes a bearer token ({@code bearer}); a conversation's stream also takes a single-use
 * {@code ticket} query parameter instead. Who is acting is never a parameter: it comes from the token.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String BEARER = "bearer";
    static final String TICKET = "ticket";
    private static final Set<String> PUBLIC = Set.of("/api/auth/token", "/api/auth/refresh", "/api/visitor-sessions",
            "/.well-known/jwks.json");
    private static final String STREAM = "/api/conversations/{conversationId}/stream";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class, Identity.class);
    }

    @Bean
    OpenAPI livechatApi() {
        return new OpenAPI().info(new Info().title("livechat").version("0.1.0")
                        .description("Event-sourced live chat: conversations, agents, transcripts, metrics and audits. "
                                + "Every refusal is an RFC 7807 problem whose `rule` names what was broken. Staff "
                                + "sign in at /api/auth/token, visitors at /api/visitor-sessions; every other call "
                                + "takes the access token as `Authorization: Bearer`."))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")
                                .description("An access token from /api/auth/token, /api/auth/refresh or "
                                        + "/api/visitor-sessions."))
                        .addSecuritySchemes(TICKET, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY).name(TICKET)
                                .description("A single-use stream ticket from /api/stream-tickets, for the "
                                        + "conversation's stream only (a browser's EventSource sends no header).")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer publicCallsAndStreamTickets() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (PUBLIC.contains(path)) {
                item.readOperations().forEach(operation -> operation.setSecurity(List.of()));
            }
            if (path.equals(STREAM) && item.getGet() != null) {
                Operation stream = item.getGet();
                stream.setSecurity(List.of(new SecurityRequirement().addList(BEARER),
                        new SecurityRequirement().addList(TICKET)));
                stream.addParametersItem(new QueryParameter().name(TICKET).required(false)
                        .description("A stream ticket (POST /api/stream-tickets) instead of the Authorization "
                                + "header; single use, valid for a minute.")
                        .schema(new StringSchema()));
            }
        });
    }
}

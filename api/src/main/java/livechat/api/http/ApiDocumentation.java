package livechat.api.http;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.media.StringSchema;
import livechat.events.Actor;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (and a browsable UI at {@code /swagger-ui.html}). The acting
 * {@link Actor} is not a body or query parameter but the {@code X-Actor} header on every call.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    @Bean
    OpenAPI livechatApi() {
        return new OpenAPI().info(new Info().title("livechat").version("0.1.0")
                .description("Event-sourced live chat: conversations, agents, transcripts, metrics and audits. "
                        + "Every refusal is an RFC 7807 problem whose `rule` names what was broken."));
    }

    @Bean
    OpenApiCustomizer actorHeader() {
        return api -> api.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                operation.addParametersItem(new HeaderParameter().name(ActorArgumentResolver.HEADER).required(true)
                        .description("Who is acting, as role:id (visitor, agent, supervisor, auditor)")
                        .schema(new StringSchema().example("visitor:v1")))));
    }
}

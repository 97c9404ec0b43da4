package livechat.api;

import org.junit.jupiter.api.Test;


/** Frontend developers get a machine-readable description of every endpoint, with the actor header on each. */
@ServerTest
class ApiDocumentationTest {

    @Test
    void theOpenApiDescriptionListsTheEndpointsWithTheActorHeader(LivechatServer server) {
        server.client().get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.info.title").isEqualTo("livechat")
                .jsonPath("$.paths['/api/conversations/{conversationId}/messages'].post").exists()
                .jsonPath("$.paths['/api/agents'].post").exists()
                .jsonPath("$.paths['/api/conversations'].post.parameters[?(@.name == 'X-Actor')].in")
                .isEqualTo("header");
    }
}

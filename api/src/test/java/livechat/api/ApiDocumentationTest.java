package livechat.api;

import org.junit.jupiter.api.Test;

/**
 * Frontend developers get a machine-readable description of every endpoint, with how each is authenticated: the
 * bearer scheme, no token for signing in, and the ticket a browser's EventSource gives its stream instead.
 */
@ServerTest
class ApiDocumentationTest {

    @Test
    void theOpenApiDescriptionListsTheEndpointsWithTheirAuthentication(LivechatServer server) {
        server.client().get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.info.title").isEqualTo("livechat")
                .jsonPath("$.paths['/api/conversations/{conversationId}/messages'].post").exists()
                .jsonPath("$.paths['/api/agents'].post").exists()
                .jsonPath("$.paths['/api/staff'].post").exists()
                .jsonPath("$.components.securitySchemes.bearer.type").isEqualTo("http")
                .jsonPath("$.components.securitySchemes.bearer.scheme").isEqualTo("bearer")
                .jsonPath("$.components.securitySchemes.ticket.in").isEqualTo("query")
                .jsonPath("$.security[0].bearer").exists()
                .jsonPath("$.paths['/api/auth/token'].post.security.length()").isEqualTo(0)
                .jsonPath("$.paths['/api/visitor-sessions'].post.security.length()").isEqualTo(0)
                .jsonPath("$.paths['/api/conversations/{conversationId}/stream'].get.security[1].ticket").exists()
                .jsonPath("$.paths['/api/conversations/{conversationId}/stream'].get.parameters[?(@.name == "
                        + "'ticket')].in").isEqualTo("query")
                .jsonPath("$..parameters[?(@.name == 'X-Actor')]").isEmpty();
    }
}

package livechat.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Frontend developers get a machine-readable description of every endpoint, with the actor header on each. */
class ApiDocumentationTest {

    @TempDir
    static Path data;
    private static LivechatServer server;

    @BeforeAll
    static void start() {
        server = LivechatServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theOpenApiDescriptionListsTheEndpointsWithTheActorHeader() {
        server.client().get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.info.title").isEqualTo("livechat")
                .jsonPath("$.paths['/api/conversations/{conversationId}/messages'].post").exists()
                .jsonPath("$.paths['/api/agents'].post").exists()
                .jsonPath("$.paths['/api/conversations'].post.parameters[?(@.name == 'X-Actor')].in")
                .isEqualTo("header");
    }
}

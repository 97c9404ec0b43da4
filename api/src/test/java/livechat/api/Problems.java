package livechat.api;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What every refusal must look like: an RFC 7807 problem naming its rule. */
final class Problems {

    private Problems() {
    }

    static void expectProblem(WebTestClient.ResponseSpec response, int status, String rule) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.rule").isEqualTo(rule)
                .jsonPath("$.title").isNotEmpty()
                .jsonPath("$.detail").isNotEmpty()
                .jsonPath("$.type").isEqualTo("urn:livechat:problem:" + rule);
    }
}

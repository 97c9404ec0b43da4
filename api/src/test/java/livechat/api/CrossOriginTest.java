package livechat.api;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.util.Map;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chat widget on an allowed site calls commands and opens its stream from the browser (a preflight, then the
 * call, then an {@code EventSource} with a ticket and no header); pages of any other origin are refused. A site that
 * embeds the widget lists its own origins, and a visitor's session for that site comes from one of its pages.
 */
@ServerTest(settings = {"--livechat.allowed-origins=https://shop.example,https://*.support.example",
        "--livechat.sites.books.origins=https://books.example,https://www.books.example"})
class CrossOriginTest {

    private static final String VISITOR = "visitor:v-widget";

    @Test
    void aPreflightFromAnAllowedOriginIsAnswered(LivechatServer server) {
        for (String origin : new String[]{"https://shop.example", "https://eu.support.example"}) {
            server.client().options().uri("/api/conversations/c-1/messages")
                    .header(HttpHeaders.ORIGIN, origin)
                    .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                    .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type")
                    .exchange().expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                            headers -> assertThat(headers.toLowerCase()).contains("authorization", "content-type"))
                    .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
        }
    }

    @Test
    void aPreflightOrACallFromAnotherOriginIsRefused(LivechatServer server, ChatClient chat) {
        expectProblem(server.client().options().uri("/api/conversations")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange(), 403, "cross-origin-refused");
        expectProblem(server.client().post().uri("/api/conversations").headers(chat.as(VISITOR))
                .header(HttpHeaders.ORIGIN, "https://shop.example.evil.example")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("topic", "Hello")).exchange(),
                403, "cross-origin-refused");
    }

    @Test
    void anAllowedPageStartsAConversationAndFollowsItsStreamWithATicket(LivechatServer server, ChatClient chat) {
        String origin = "https://shop.example";
        String conversation = (String) server.client().post().uri("/api/conversations").headers(chat.as(VISITOR))
                .header(HttpHeaders.ORIGIN, origin).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("topic", "From the widget")).exchange().expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .expectBody(Map.class).returnResult().getResponseBody().get("conversationId");
        String ticket = (String) server.client().post().uri("/api/stream-tickets").headers(chat.as(VISITOR))
                .header(HttpHeaders.ORIGIN, origin).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("conversationId", conversation)).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("ticket");

        String first = WebClient.create(server.baseUrl()).get()
                .uri("/api/conversations/{id}/stream?after=-1&ticket={ticket}", conversation, ticket)
                .header(HttpHeaders.ORIGIN, origin).accept(MediaType.TEXT_EVENT_STREAM)
                .exchangeToMono(response -> {
                    assertThat(response.statusCode().value()).isEqualTo(200);
                    assertThat(response.headers().asHttpHeaders().getAccessControlAllowOrigin()).isEqualTo(origin);
                    return response.bodyToFlux(String.class).next();
                }).block(Duration.ofSeconds(30));
        assertThat(first).contains("\"sequence\":0", "\"actor\":\"" + VISITOR + "\"");
    }

    @Test
    void aSitesOwnOriginsMayCallAndItsVisitorsSessionsComeFromThem(LivechatServer server) {
        server.client().options().uri("/api/visitor-sessions").header(HttpHeaders.ORIGIN, "https://www.books.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST").exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://www.books.example");
        server.client().post().uri("/api/visitor-sessions").header(HttpHeaders.ORIGIN, "https://books.example")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("siteId", "books")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.visitorId").isNotEmpty();
        expectProblem(server.client().post().uri("/api/visitor-sessions").header(HttpHeaders.ORIGIN,
                        "https://shop.example").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", "books")).exchange(), 403, "site-origin");
        expectProblem(server.client().post().uri("/api/visitor-sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", "nobody")).exchange(), 400, "site-unknown");
    }

    @Test
    void theWidgetsFilesLoadFromAnyPageWithoutAToken(LivechatServer server) {
        for (String file : new String[]{"/widget.js", "/clients/widget/widget.js", "/clients/lib/api.js"}) {
            server.client().get().uri(file).header(HttpHeaders.ORIGIN, "https://anywhere.example").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                    .expectHeader().contentTypeCompatibleWith("text/javascript");
        }
        server.client().get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
    }
}

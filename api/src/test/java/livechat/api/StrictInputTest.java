package livechat.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input that is almost right is refused, not repaired: bytes that are not UTF-8, texts with control characters or
 * bidirectional overrides, numbers for texts, repeated keys, skills no agent can have, dates beyond the calendar the
 * stores keep, and requests that are not HTTP at all. Each refusal is a problem naming its rule, and nothing of it is
 * written.
 */
@ServerTest
class StrictInputTest {

    private static final String VISITOR = "visitor:v-strict";

    private static LivechatServer server;

    @BeforeAll
    static void connect(LivechatServer running) {
        server = running;
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        String conversation = server.chat().startConversation(VISITOR, "Encodings");
        byte[] overlongDot = {'a', (byte) 0xC0, (byte) 0xAE, 'b'};
        byte[] encodedSurrogate = {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        for (byte[] text : List.of(overlongDot, encodedSurrogate)) {
            expectProblem(sendRaw(conversation, text), 400, "text-encoding");
        }
        expectProblem(sendJson(conversation, "{\"clientMessageId\": \"cm-1\", \"text\": \"a\\ud800b\"}"), 400,
                "text-encoding");
        assertThat(server.chat().messages(VISITOR, conversation)).isEmpty();
    }

    @Test
    void controlCharactersAndBidirectionalOverridesAreRefused() {
        String conversation = server.chat().startConversation(VISITOR, "Characters");
        for (String text : List.of("a\\u0000b", "a\\u001b[31mred", "invoice \\u202egnp.exe", "a\\u2066b", "a\\u0085")) {
            expectProblem(sendJson(conversation, "{\"clientMessageId\": \"cm-1\", \"text\": \"" + text + "\"}"), 400,
                    "text-characters");
        }
        server.chat().sendNew(VISITOR, conversation, "cm-2", "Tabs\tand\nline breaks are text, as is \u200f and é");
        assertThat(server.chat().awaitMessages(VISITOR, conversation, 1)).singleElement()
                .extracting(message -> message.get("text"))
                .isEqualTo("Tabs\tand\nline breaks are text, as is \u200f and é");
    }

    @Test
    void aTextIsAJsonStringAndAKeyAppearsOnce() {
        String conversation = server.chat().startConversation(VISITOR, "Shapes");
        expectProblem(sendJson(conversation, "{\"clientMessageId\": \"cm-1\", \"text\": 42}"), 400,
                "malformed-request");
        expectProblem(sendJson(conversation, "{\"clientMessageId\": true, \"text\": \"hello\"}"), 400,
                "malformed-request");
        expectProblem(sendJson(conversation, "{\"clientMessageId\": \"cm-1\", \"text\": \"kept\", "
                + "\"text\": \"replaced\"}"), 400, "malformed-request");
        assertThat(server.chat().messages(VISITOR, conversation)).isEmpty();
    }

    @Test
    void aConversationAsksOnlyForASkillAnAgentCanHave() {
        expectProblem(server.chat().post(VISITOR, "/api/conversations",
                Map.of("topic", "Routing", "skill", "../etc")), 400, "skill-format");
    }

    @Test
    void datesBeyondTheStoresCalendarAreRefused() {
        for (String query : List.of("/api/transcripts?from=%2B999999999-12-31", "/api/transcripts?from=-000001-01-01",
                "/api/transcripts?to=%2B10000-01-01T00:00:00Z",
                "/api/metrics/agents?from=%2B999999999-12-31&to=2026-01-01")) {
            expectProblem(server.client().get().uri(URI.create(server.baseUrl() + query))
                    .headers(server.as(SUPERVISOR)).exchange(), 400, "time-range");
        }
    }

    @Test
    void aRequestLineTooLongIsAProblemAndNeverHangs() throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            String answer = exchangeRaw("GET /api/conversations/" + "x".repeat(5_000)
                    + " HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 414").contains("application/problem+json")
                    .contains("\"rule\":\"request-line-too-long\"");
        }
    }

    @Test
    void headersTooLargeAndMalformedHeadersAreProblems() throws IOException {
        assertThat(exchangeRaw("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                + "p".repeat(20_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431").contains("\"rule\":\"headers-too-large\"");
        assertThat(exchangeRaw("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n"))
                .startsWith("HTTP/1.1 400").contains("\"rule\":\"malformed-http\"");
    }

    private static WebTestClient.ResponseSpec sendRaw(String conversation, byte[] text) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"clientMessageId\": \"cm-raw\", \"text\": \"".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(text);
        body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return server.client().post().uri("/api/conversations/{id}/messages", conversation)
                .headers(server.as(VISITOR)).contentType(MediaType.APPLICATION_JSON).bodyValue(body.toByteArray())
                .exchange();
    }

    private static WebTestClient.ResponseSpec sendJson(String conversation, String json) {
        return server.client().post().uri("/api/conversations/{id}/messages", conversation)
                .headers(server.as(VISITOR)).contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    /**
     * Writes {@code request} on a new connection and reads until the server closes it; a server that leaves the
     * connection open fails the read after 30 s instead of hanging the test.
     */
    private static String exchangeRaw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

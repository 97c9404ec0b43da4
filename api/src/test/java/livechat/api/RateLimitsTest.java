package livechat.api;

import com.mongodb.client.model.Filters;
import livechat.query.projection.ReadModelDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static livechat.api.ProblemAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Floods are refused with {@code 429 rate-limited} and {@code Retry-After} before anything is written, per party and
 * per client address, and each allowance comes back once its window has passed; one party's flood leaves another's
 * allowance alone.
 */
@ServerTest(settings = {"--livechat.limits.enabled=true",
        "--livechat.limits.messages.per-principal=5", "--livechat.limits.messages.per-address=1000",
        "--livechat.limits.messages.window=60s",
        "--livechat.limits.conversation-starts.per-principal=3",
        "--livechat.limits.conversation-starts.per-address=1000",
        "--livechat.limits.sign-ins.per-address=4", "--livechat.limits.sign-ins.window=1h",
        "--livechat.limits.attachments.per-principal=2", "--livechat.limits.attachments.per-address=1000",
        "--livechat.limits.attachments.window=1h",
        "--livechat.limits.attachment-bytes.per-principal=20KB", "--livechat.limits.attachment-bytes.window=1d",
        "--livechat.limits.streams=2"})
class RateLimitsTest {

    @Test
    void aFloodOfMessagesIsRefusedWithRetryAfterWritesNothingAndRecovers(LivechatServer server, ChatClient chat) {
        String flooder = "visitor:v-flood";
        String conversation = chat.startConversation(flooder, "Flood");
        for (int i = 0; i < 5; i++) {
            chat.sendNew(flooder, conversation, "cm-" + i, "message " + i);
        }
        WebTestClient.ResponseSpec refused = chat.send(flooder, conversation, "cm-over", "one too many");
        // Five a minute, refilled evenly: one comes back every 12 s, longer than the sends take on a busy machine.
        refused.expectHeader().value("Retry-After", retryAfter -> assertThat(Integer.parseInt(retryAfter))
                .isBetween(1, 12));
        expectProblem(refused, 429, "rate-limited");
        assertThat(chat.awaitMessages(flooder, conversation, 5)).hasSize(5);

        String other = "visitor:v-calm";
        chat.sendNew(other, chat.startConversation(other, "Calm"), "cm-1", "I am not flooding");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                chat.send(flooder, conversation, "cm-later", "after the window").returnResult(String.class)
                        .getStatus().value() == 201);
    }

    @Test
    void conversationStartsAreLimitedPerVisitor(ChatClient chat) {
        String visitor = "visitor:v-starter";
        for (int i = 0; i < 3; i++) {
            chat.startConversation(visitor, "Start " + i);
        }
        expectProblem(chat.post(visitor, "/api/conversations", Map.of("topic", "One more")), 429, "rate-limited");
    }

    @Test
    void uploadsAreLimitedPerPartyBeforeAnyByteIsStored(LivechatServer server, ChatClient chat) {
        String visitor = "visitor:v-uploader";
        String conversation = chat.startConversation(visitor, "Files");
        chat.upload(visitor, conversation, "a.png", TestFiles.png()).expectStatus().isCreated();
        chat.upload(visitor, conversation, "a.png", TestFiles.png()).expectStatus().isCreated();
        byte[] third = "one file too many".getBytes(StandardCharsets.UTF_8);
        expectProblem(chat.upload(visitor, conversation, "c.txt", third), 429, "rate-limited");
        assertThat(server.bean(ReadModelDatabase.class).blocking()
                .getCollection("attachments.files").countDocuments(Filters.eq("filename",
                        TestFiles.sha256(third)))).isZero();
    }

    @Test
    void uploadsPastAPartysAllowanceOfBytesAreRefusedOnceReceivedAndNotStored(LivechatServer server,
                                                                              ChatClient chat) {
        String visitor = "visitor:v-bytes";
        String conversation = chat.startConversation(visitor, "Big files");
        chat.upload(visitor, conversation, "first.txt", text(15 * 1024, 'a')).expectStatus().isCreated();
        byte[] second = text(10 * 1024, 'b');
        WebTestClient.ResponseSpec refused = chat.upload(visitor, conversation, "second.txt", second);
        // 20 KB a day, refilled evenly: the 5 KB missing come back within about six hours.
        refused.expectHeader().value("Retry-After", retryAfter -> assertThat(Long.parseLong(retryAfter))
                .isBetween(Duration.ofHours(5).toSeconds(), Duration.ofHours(7).toSeconds()));
        expectProblem(refused, 429, "rate-limited");
        assertThat(server.bean(ReadModelDatabase.class).blocking()
                .getCollection("attachments.files").countDocuments(Filters.eq("filename",
                        TestFiles.sha256(second)))).isZero();
        // The allowance is the party's: another visitor uploads the same file.
        String other = "visitor:v-bytes-other";
        chat.upload(other, chat.startConversation(other, "Files"), "second.txt", second).expectStatus().isCreated();
    }

    private static byte[] text(int size, char letter) {
        return String.valueOf(letter).repeat(size).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void guessingPasswordsFromOneAddressIsSlowedEvenForTheRightPassword(LivechatServer server) {
        for (int i = 0; i < 4; i++) {
            signIn(server, "admin", "wrong-password-" + i).expectStatus().isUnauthorized();
        }
        expectProblem(signIn(server, "admin", TestTokens.ADMIN_PASSWORD), 429, "rate-limited");
    }

    @Test
    void aPartyHoldsAtMostTheConfiguredNumberOfStreams(LivechatServer server, ChatClient chat) {
        String visitor = "visitor:v-streams";
        String conversation = chat.startConversation(visitor, "Streams");
        List<Disposable> open = List.of(stream(server, visitor, conversation), stream(server, visitor, conversation));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> streamStatus(server, visitor, conversation)
                    == HttpStatus.TOO_MANY_REQUESTS.value());
            open.get(0).dispose();
            await().atMost(Duration.ofSeconds(30)).until(() -> streamStatus(server, visitor, conversation)
                    == HttpStatus.OK.value());
        } finally {
            open.forEach(Disposable::dispose);
        }
    }

    private static WebTestClient.ResponseSpec signIn(LivechatServer server, String username, String password) {
        return server.client().post().uri("/api/auth/token").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", username, "password", password)).exchange();
    }

    private static Disposable stream(LivechatServer server, String visitor, String conversation) {
        return LiveStream.after(server, visitor, conversation, -1).subscribe();
    }

    /** The status a further stream gets; a stream that opens is closed again after its first item. */
    private static int streamStatus(LivechatServer server, String visitor, String conversation) {
        return WebClient.create(server.baseUrl()).get().uri("/api/conversations/{id}/stream?after=-1", conversation)
                .headers(server.as(visitor)).accept(MediaType.TEXT_EVENT_STREAM)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToFlux(String.class).next().thenReturn(response.statusCode().value())
                        : response.releaseBody().thenReturn(response.statusCode().value()))
                .block(Duration.ofSeconds(30));
    }
}

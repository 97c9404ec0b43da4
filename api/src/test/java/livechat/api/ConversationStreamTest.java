package livechat.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The live stream over a real port: catch-up, live delivery, and resuming after a reconnect. */
@ServerTest
class ConversationStreamTest {

    private static final String VISITOR = "visitor:v-1";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ParameterizedTypeReference<Map<String, Object>> LINE = new ParameterizedTypeReference<>() {
    };

    private static LivechatServer server;
    private static ChatClient chat;
    private static WebClient web;

    @BeforeAll
    static void connect(LivechatServer running, ChatClient client) {
        server = running;
        chat = client;
        web = WebClient.create(server.baseUrl());
    }

    /** The stream's events, without heartbeat comments. */
    private static Flux<ServerSentEvent<Map<String, Object>>> events(String conversationId, String lastEventId) {
        return web.get().uri("/api/conversations/{id}/stream", conversationId)
                .headers(chat.as(VISITOR))
                .headers(h -> {
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(LiveStream.SSE)
                .filter(event -> event.event() != null);
    }

    @Test
    void aSubscriberGetsTheHistoryThenLiveEvents() {
        String id = chat.startConversation(VISITOR, "Live");
        long first = chat.sendNew(VISITOR, id, "cm-1", "first");
        long[] second = new long[1];

        StepVerifier.create(events(id, null).filter(e -> !"status".equals(e.event())
                        || !"QUEUED".equals(e.data().get("status"))))
                .assertNext(event -> {
                    assertThat(event.id()).isEqualTo("0");
                    assertThat(event.event()).isEqualTo("status");
                    assertThat(event.data()).containsEntry("status", "OPEN");
                })
                .assertNext(event -> {
                    assertThat(event.id()).isEqualTo(Long.toString(first));
                    assertThat(event.event()).isEqualTo("message");
                    assertThat(event.data()).containsEntry("text", "first");
                })
                // The item can arrive before sendNew returns, so its expected id is the next sequence, checked
                // against what the send answered after verification.
                .then(() -> second[0] = chat.sendNew(VISITOR, id, "cm-2", "second"))
                .assertNext(event -> {
                    assertThat(event.id()).isEqualTo(Long.toString(first + 1));
                    assertThat(event.data()).containsEntry("text", "second").containsEntry("authorId", "v-1");
                })
                .then(() -> server.client().post().uri("/api/conversations/{id}/close", id)
                        .headers(chat.as(VISITOR)).exchange().expectStatus().isOk())
                .assertNext(event -> {
                    assertThat(Long.parseLong(event.id())).isEqualTo(first + 2);
                    assertThat(event.event()).isEqualTo("status");
                    assertThat(event.data()).containsEntry("status", "CLOSED");
                })
                .thenCancel()
                .verify(PATIENCE);
        assertThat(second[0]).isEqualTo(first + 1);
    }

    /** How late live items are is measured at each stage, for every message this node's subscribers receive. */
    @Test
    void everyMessageDeliveredLiveIsTimedAtEachStage() {
        String id = chat.startConversation(VISITOR, "Timed");
        List<String> stages = List.of("read", "projected", "published");
        Map<String, Double> before = new HashMap<>();
        stages.forEach(stage -> before.put(stage, chat.liveDelayCount(stage)));
        StepVerifier.create(events(id, null).filter(event -> "message".equals(event.event())))
                .then(() -> {
                    chat.sendNew(VISITOR, id, "cm-1", "one");
                    chat.sendNew(VISITOR, id, "cm-2", "two");
                })
                .expectNextCount(2)
                .thenCancel()
                .verify(PATIENCE);
        // Published is recorded once the items went out, which the stream may show a moment before.
        await().atMost(PATIENCE).untilAsserted(() -> stages.forEach(stage ->
                assertThat(chat.liveDelayCount(stage)).as(stage).isGreaterThanOrEqualTo(before.get(stage) + 2)));
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheRest() {
        String id = chat.startConversation(VISITOR, "Reconnect");
        long[] sequences = new long[5];
        for (int i = 0; i < 4; i++) {
            sequences[i] = chat.sendNew(VISITOR, id, "cm-" + i, "message " + i);
        }
        StepVerifier.create(events(id, Long.toString(sequences[1])).map(ServerSentEvent::id))
                .expectNext(Long.toString(sequences[2]), Long.toString(sequences[3]))
                .then(() -> sequences[4] = chat.sendNew(VISITOR, id, "cm-4", "message 4"))
                // The item can arrive before sendNew returns: expect the next sequence, and check the answer after.
                .assertNext(lastId -> assertThat(lastId).isEqualTo(Long.toString(sequences[3] + 1)))
                .thenCancel()
                .verify(PATIENCE);
        assertThat(sequences[4]).isEqualTo(sequences[3] + 1);
    }

    @Test
    void ndjsonResumesFromAfter() {
        String id = chat.startConversation(VISITOR, "NDJSON");
        long one = chat.sendNew(VISITOR, id, "cm-1", "one");
        long two = chat.sendNew(VISITOR, id, "cm-2", "two");
        Flux<Map<String, Object>> lines = web.get().uri("/api/conversations/{id}/stream?after={after}", id, one)
                .headers(chat.as(VISITOR)).accept(MediaType.APPLICATION_NDJSON)
                .retrieve().bodyToFlux(LINE)
                .filter(line -> !"heartbeat".equals(line.get("event")));
        StepVerifier.create(lines)
                .assertNext(line -> {
                    assertThat(line).containsEntry("sequence", (int) two).containsEntry("event", "message");
                    assertThat(line.get("data")).asInstanceOf(InstanceOfAssertFactories.MAP)
                            .containsEntry("text", "two");
                })
                .thenCancel()
                .verify(PATIENCE);
    }

    /**
     * A client that keeps dropping its connection while messages keep arriving, and resumes each time from the last
     * id it saw, ends up with every message exactly once and in order.
     */
    @Test
    void dropsAndResumesWhileMessagesArriveLoseAndRepeatNothing() {
        String id = chat.startConversation(VISITOR, "Flaky network");
        int count = 60;
        List<Long> sent = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            for (int i = 1; i <= count; i++) {
                sent.add(chat.sendNew(VISITOR, id, "cm-" + i, "message " + i));
            }
        });
        List<Long> received = new ArrayList<>();
        String lastEventId = null;
        while (received.size() < count) {
            List<ServerSentEvent<Map<String, Object>>> burst = events(id, lastEventId).take(7)
                    .take(Duration.ofSeconds(2)).collectList().block(PATIENCE);
            for (ServerSentEvent<Map<String, Object>> event : burst) {
                lastEventId = event.id();
                if ("message".equals(event.event())) {
                    received.add(Long.parseLong(event.id()));
                }
            }
        }
        sender.join();
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void streamRefusalsAreProblems() {
        String id = chat.startConversation(VISITOR, "Refusals");
        server.client().get().uri("/api/conversations/no-such-conversation/stream").headers(chat.as(VISITOR))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.rule").isEqualTo("conversation-not-found");
        server.client().get().uri("/api/conversations/{id}/stream", id).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.rule").isEqualTo("authentication-required");
        server.client().get().uri("/api/conversations/{id}/stream", id).headers(chat.as("visitor:v-2"))
                .accept(MediaType.TEXT_EVENT_STREAM).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.rule").isEqualTo("conversation-not-found");
        server.client().get().uri("/api/conversations/{id}/stream", id).headers(chat.as(VISITOR))
                .header("Last-Event-ID", "yesterday").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.rule").isEqualTo("resume-position");
    }
}

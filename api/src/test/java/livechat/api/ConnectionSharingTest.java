package livechat.api;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that start conversations and send messages all at once, while the projections, the dispatcher and the
 * snapshotter run: every request succeeds, and no JDBC connection is ever used by a thread that does not hold it
 * ({@link ConnectionOwners} watches the server's pool). A connection one thread gives back twice corrupts the pool's
 * bookkeeping for the thread that borrowed it in between, which then fails with a 500.
 */
@ServerTest(settings = "--spring.main.sources=livechat.api.ConnectionOwners")
class ConnectionSharingTest {

    private static final int CLIENTS = 6;
    private static final int CONVERSATIONS_EACH = 4;
    private static final int MESSAGES_EACH = 3;
    /** Together more than one snapshot interval, so the busy conversation is snapshotted while clients send. */
    private static final int SHARED_MESSAGES_EACH = 20;
    private static final String SHARED_VISITOR = "visitor:v-shared";

    @Test
    void everyConnectionStaysWithTheThreadThatBorrowedIt(LivechatServer server, ChatClient chat) throws Exception {
        String shared = chat.startConversation(SHARED_VISITOR, "Busy");
        List<Callable<List<Integer>>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int number = client;
            clients.add(() -> converse(server, number, shared));
        }

        List<Integer> statuses = runAtOnce(clients);

        ConnectionOwners owners = server.bean(ConnectionOwners.class);
        assertThat(owners.misuses()).withFailMessage(owners::report).isEmpty();
        assertThat(statuses).containsOnly(201)
                .hasSize(CLIENTS * (CONVERSATIONS_EACH * (1 + MESSAGES_EACH) + SHARED_MESSAGES_EACH));
        // The projections and the snapshotter read the log through the same pool while they catch up.
        await().atMost(Duration.ofSeconds(60)).until(() -> chat.get(SHARED_VISITOR,
                        "/api/conversations/{id}/transcript?limit=1000", shared).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("messages"),
                messages -> ((List<?>) messages).size() == CLIENTS * SHARED_MESSAGES_EACH);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> server.bean(EventStorageEngine.class).readSnapshot(shared).isPresent());
        assertThat(owners.misuses()).withFailMessage(owners::report).isEmpty();
    }

    /** One client's conversations, and its share of the busy conversation's messages; the status of each call. */
    private static List<Integer> converse(LivechatServer server, int client, String shared) {
        WebClient http = WebClient.create(server.baseUrl());
        String visitor = "visitor:v-" + client;
        List<Integer> statuses = new ArrayList<>();
        for (int c = 0; c < CONVERSATIONS_EACH; c++) {
            ResponseEntity<Map> started = post(http, server, visitor, "/api/conversations",
                    Map.of("topic", "Topic " + c));
            statuses.add(started.getStatusCode().value());
            if (started.getStatusCode().is2xxSuccessful()) {
                for (int m = 0; m < MESSAGES_EACH; m++) {
                    statuses.add(send(http, server, visitor, (String) started.getBody().get("conversationId"),
                            "m-" + m));
                }
            }
            statuses.add(send(http, server, SHARED_VISITOR, shared, "c" + client + "-" + c));
        }
        for (int m = CONVERSATIONS_EACH; m < SHARED_MESSAGES_EACH; m++) {
            statuses.add(send(http, server, SHARED_VISITOR, shared, "c" + client + "-" + m));
        }
        return statuses;
    }

    private static int send(WebClient http, LivechatServer server, String actor, String conversationId,
                            String clientMessageId) {
        return post(http, server, actor, "/api/conversations/" + conversationId + "/messages",
                Map.of("clientMessageId", clientMessageId, "text", "Text of " + clientMessageId))
                .getStatusCode().value();
    }

    @SuppressWarnings("rawtypes")
    private static ResponseEntity<Map> post(WebClient http, LivechatServer server, String actor, String uri,
                                            Map<String, String> body) {
        return http.post().uri(uri).headers(server.as(actor)).bodyValue(body)
                .exchangeToMono(response -> response.toEntity(Map.class)).block(Duration.ofSeconds(60));
    }

    private static List<Integer> runAtOnce(List<Callable<List<Integer>>> clients) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(clients.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Integer>>> answers = new ArrayList<>();
            for (Callable<List<Integer>> client : clients) {
                answers.add(threads.submit(() -> {
                    go.await();
                    return client.call();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> answer : answers) {
                statuses.addAll(answer.get());
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }
}

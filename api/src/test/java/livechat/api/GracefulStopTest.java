package livechat.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import livechat.api.http.StopGate;
import livechat.embeddedmongo.EmbeddedMongo;
import livechat.eventstore.jdbc.ProtectedH2File;
import livechat.query.audit.DisputeAuditProjection;
import livechat.query.metrics.AgentMetricsProjection;
import livechat.query.transcript.TranscriptProjection;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stop, in its order: new requests are refused with 503 and a time to retry, open streams are told to reconnect and
 * ended (they do not hold the stop up), the commands already running finish, the projections reach the log's head,
 * and only then do the stores close: afterwards every read model is at the head and no claim is left behind.
 */
class GracefulStopTest {

    private static final String VISITOR = "visitor:v-1";
    private static final Set<String> CONVERSATION_PROJECTIONS = Set.of(TranscriptProjection.PROCESSING_GROUP,
            AgentMetricsProjection.PROCESSING_GROUP, DisputeAuditProjection.PROCESSING_GROUP);

    @Test
    void aStoppingServerRefusesNewRequestsWithATimeToRetryAndStillAnswersItsProbes(@TempDir Path data) {
        try (LivechatServer server = LivechatServer.start(data)) {
            ChatClient chat = server.chat();
            String id = chat.startConversation(VISITOR, "Before the stop");
            server.bean(StopGate.class).stop();

            chat.send(VISITOR, id, "cm-1", "during the stop").expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectHeader().valueEquals("Connection", "close")
                    .expectBody().jsonPath("$.rule").isEqualTo("server-stopping");
            server.client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        }
    }

    @Test
    void aStopEndsStreamsWithAReconnectHintAndLeavesEveryReadModelAtTheHead(@TempDir Path data) throws Exception {
        String database = "stop-test";
        LivechatServer server = LivechatServer.startOn(data, database);
        ChatClient chat = server.chat();
        String id = chat.startConversation(VISITOR, "Stopping");
        WebClient web = WebClient.create(server.baseUrl());
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> sse = web.get().uri("/api/conversations/{id}/stream", id)
                .headers(server.as(VISITOR)).accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
                }).doOnNext(events::add).then().toFuture();
        List<Map<String, Object>> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ndjson = web.get().uri("/api/conversations/{id}/stream", id)
                .headers(server.as(VISITOR)).accept(MediaType.APPLICATION_NDJSON).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<Map<String, Object>>() {
                }).doOnNext(lines::add).then().toFuture();
        chat.sendNew(VISITOR, id, "cm-0", "streams are open");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(e -> "message".equals(e.event()))
                && lines.stream().anyMatch(line -> "message".equals(line.get("event"))));
        // The stop comes right after the last acknowledged sends: their projections have not run yet.
        for (int i = 1; i <= 30; i++) {
            chat.sendNew(VISITOR, id, "cm-" + i, "message " + i);
        }

        server.close();

        assertThat(sse).as("the SSE stream ends, it does not fail").succeedsWithin(Duration.ofSeconds(5));
        ServerSentEvent<String> last = events.get(events.size() - 1);
        assertThat(last.event()).isEqualTo("reconnect");
        assertThat(last.retry()).isEqualTo(StopGate.RETRY_AFTER);
        assertThat(ndjson).as("the NDJSON stream ends, it does not fail").succeedsWithin(Duration.ofSeconds(5));
        assertThat(lines.get(lines.size() - 1)).containsEntry("event", "reconnect");

        long head = head(data);
        List<Document> tokens = tokens(data, database);
        assertThat(tokens).allSatisfy(token -> assertThat(token.getString("owner"))
                .as("claim of %s", token.get("processorName")).isNull());
        // The last events are messages: every projection of conversations handled them.
        assertThat(tokens.stream().filter(token -> CONVERSATION_PROJECTIONS.contains(token.getString("processorName"))))
                .hasSize(CONVERSATION_PROJECTIONS.size())
                .allSatisfy(token -> assertThat(position(token)).as("position of %s", token.get("processorName"))
                        .isEqualTo(head));
    }

    /** The global index of the last event in the embedded log. */
    private static long head(Path data) throws Exception {
        Path database = data.resolve("events");
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + database + ";AUTO_SERVER=TRUE",
                ProtectedH2File.USER, ProtectedH2File.password(database));
             ResultSet row = connection.createStatement().executeQuery("SELECT MAX(globalIndex) FROM DomainEventEntry")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<Document> tokens(Path data, String database) {
        try (EmbeddedMongo mongo = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            return client.getDatabase(database).getCollection("trackingtokens").find().into(new ArrayList<>());
        }
    }

    /** The position a stored token stands at (the Jackson form of Axon's gap-aware token). */
    private static long position(Document token) throws Exception {
        Binary bytes = token.get("token", Binary.class);
        return new ObjectMapper().readTree(bytes.getData()).path("index").asLong(-1);
    }
}

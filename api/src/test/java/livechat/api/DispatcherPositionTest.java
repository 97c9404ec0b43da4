package livechat.api;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import livechat.embeddedmongo.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher keeps its position with what it knew there, and a restart goes on from it: a conversation that was
 * waiting before the stop is routed after it, to an agent registered before it.
 */
class DispatcherPositionTest {

    private static final String VISITOR = "visitor:v-1";
    private static final String DATABASE = "dispatcher-test";

    @Test
    void routingGoesOnAfterARestartFromTheKeptPosition(@TempDir Path data) {
        String waiting;
        try (LivechatServer server = LivechatServer.startOn(data, DATABASE)) {
            ChatClient chat = server.chat();
            chat.agent("ada", List.of("billing"), 2, "OFFLINE");
            waiting = chat.startConversation(VISITOR, "Waits through a restart", "billing");
            assertThat(chat.conversation(VISITOR, waiting).get("assignedAgentId")).isNull();
        }
        assertThat(keptPositions(data)).hasSize(1);

        try (LivechatServer server = LivechatServer.startOn(data, DATABASE)) {
            ChatClient chat = server.chat();
            chat.status("ada", "ONLINE").expectStatus().isOk();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    chat.conversation(VISITOR, waiting).get("assignedAgentId")).isEqualTo("ada"));
        }
    }

    private static List<Document> keptPositions(Path data) {
        try (EmbeddedMongo mongo = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            return client.getDatabase(DATABASE).getCollection("dispatcher_position").find()
                    .into(new ArrayList<>());
        }
    }
}

package livechat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static livechat.api.ZipFiles.unzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /api/visitors/{visitorId}/data-export: a zip of every conversation, message, rating and dispute of the
 * visitor, opened with their keys, and nothing of another visitor; after an erasure the same zip reads [erased].
 */
@ServerTest(perTest = true, settings = "--livechat.routing.automatic=false")
class SubjectAccessExportApiTest {

    private static final String EXPORT = "/api/visitors/{v}/data-export";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theExportHoldsEverythingOfTheVisitorAndNothingOfAnother(ChatClient chat) throws IOException {
        chat.agent("ada", List.of("billing"), 3, "ONLINE");
        String first = chat.startConversation("visitor:v-asks", "ASK-TOPIC parcel", "billing");
        chat.sendNew("visitor:v-asks", first, "c-1", "ASK-TEXT where is my parcel");
        chat.assign(first, "ada").expectStatus().isOk();
        chat.awaitHolding("ada", first);
        chat.sendNew("agent:ada", first, "a-1", "ASK-REPLY on its way");
        String disputeId = (String) chat.post("visitor:v-asks", "/api/conversations/{id}/disputes",
                Map.of("reason", "ASK-DISPUTE late"), first).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("disputeId");
        chat.post("agent:ada", "/api/conversations/{id}/disputes/{d}/evidence", Map.of("note", "ASK-EVIDENCE scan"),
                first, disputeId).expectStatus().isCreated();
        chat.post("visitor:v-asks", "/api/conversations/{id}/close", Map.of("reason", "done"), first)
                .expectStatus().isOk();
        chat.post("visitor:v-asks", "/api/conversations/{id}/rating", Map.of("score", 5, "comment", "ASK-COMMENT"),
                first).expectStatus().isCreated();
        String second = chat.startConversation("visitor:v-asks", "ASK-AGAIN");
        String other = chat.startConversation("visitor:v-other", "OTHER-TOPIC");
        chat.sendNew("visitor:v-other", other, "c-1", "OTHER-TEXT");
        chat.awaitMessages(SUPERVISOR, first, 2);
        chat.awaitMessages(SUPERVISOR, other, 1);
        await().untilAsserted(() -> chat.conversation(SUPERVISOR, second));

        Map<String, String> zip = unzip(chat.get("privacy:p-1", EXPORT, "v-asks").expectStatus().isOk()
                .expectHeader().contentType("application/zip")
                .expectBody(byte[].class).returnResult().getResponseBody());

        assertThat(zip).containsOnlyKeys("visitor.json", "conversations/" + first + ".json",
                "conversations/" + second + ".json");
        assertThat(String.join("\n", zip.values())).doesNotContain("OTHER-").doesNotContain(other);
        JsonNode visitor = JSON.readTree(zip.get("visitor.json"));
        assertThat(visitor.get("visitorId").asText()).isEqualTo("v-asks");
        assertThat(visitor.get("erased").asBoolean()).isFalse();
        JsonNode conversation = JSON.readTree(zip.get("conversations/" + first + ".json"));
        assertThat(conversation.get("topic").asText()).isEqualTo("ASK-TOPIC parcel");
        assertThat(conversation.get("messages").findValuesAsText("text"))
                .containsExactly("ASK-TEXT where is my parcel", "ASK-REPLY on its way");
        assertThat(conversation.at("/ratings/0/comment").asText()).isEqualTo("ASK-COMMENT");
        assertThat(conversation.at("/ratings/0/score").asInt()).isEqualTo(5);
        assertThat(conversation.at("/disputes/0/reason").asText()).isEqualTo("ASK-DISPUTE late");
        assertThat(conversation.at("/disputes/0/evidence/0/note").asText()).isEqualTo("ASK-EVIDENCE scan");
        assertThat(JSON.readTree(zip.get("conversations/" + second + ".json")).get("topic").asText())
                .isEqualTo("ASK-AGAIN");
        assertThat(unzip(chat.get(SUPERVISOR, EXPORT, "v-asks").expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody())).containsOnlyKeys(zip.keySet());

        chat.post(SUPERVISOR, "/api/conversations/{id}/disputes/{d}/resolution", Map.of("outcome", "settled"),
                first, disputeId).expectStatus().isOk();
        chat.post("privacy:p-1", "/api/visitors/{v}/erasure", Map.of("reason", "asked", "legalBasis",
                "gdpr-art-17"), "v-asks").expectStatus().isOk();
        Map<String, String> erased = unzip(chat.get("privacy:p-1", EXPORT, "v-asks").expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody());
        assertThat(JSON.readTree(erased.get("visitor.json")).get("erased").asBoolean()).isTrue();
        assertThat(String.join("\n", erased.values())).doesNotContain("ASK-").contains("[erased]");
        assertThat(JSON.readTree(erased.get("conversations/" + first + ".json")).get("messages")
                .findValuesAsText("text")).containsExactly("[erased]", "[erased]");
    }

    @Test
    void anUnknownVisitorIsNotFound(ChatClient chat) {
        ProblemAssertions.expectProblem(chat.get("privacy:p-1", EXPORT, "v-nobody"), 404, "visitor-not-found");
        ProblemAssertions.expectProblem(chat.get("agent:ada", EXPORT, "v-nobody"), 403, "forbidden");
    }
}

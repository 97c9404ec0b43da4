package livechat.api;

import livechat.events.privacy.DataKeys;
import livechat.eventstore.keys.DataFolderKeys;
import livechat.eventstore.keys.KmsDouble;
import livechat.eventstore.keys.KmsMasterKey;
import livechat.eventstore.kurrent.KurrentDbDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A redacted message's text, and everything an erased visitor's conversations said, is in no file of the data
 * folder (event log, read models, snapshots, keys) and in no stored byte of a KurrentDB log, and reads as erased
 * everywhere, after a restart too; the audit chain still verifies and the agent's metrics do not change.
 */
class PersonalDataApiTest {

    private static final String VISITOR = "visitor:v-card";
    private static final String CARD = "My card number is 4111 1111 1111 1111";
    private static final String ERASED = "visitor:v-gone";
    private static final String METRICS = "/api/agents/ada/metrics?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(1)
            + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1);

    @TempDir
    Path dataDir;

    @Test
    void aRedactedMessageIsInNoFileOfTheDataFolder() throws IOException {
        String conversationId;
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat")) {
            conversationId = redactedCard(server.chat());
        }
        assertThat(filesHolding(dataDir, "4111 1111")).isEmpty();
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat")) {
            assertThat(server.chat().messages("auditor:x-1", conversationId).get(0))
                    .containsEntry("originalText", "[erased]");
        }
    }

    /**
     * A process that never read the message (a restart between the redaction's record and its destruction, which
     * KeyShredding then does) finds its keys in the log: its text and its edit read erased, the next message not.
     */
    @Test
    void aMessageSealedBeforeARestartIsRedactedThroughTheKeysItsEventsName() {
        String conversationId;
        String messageId;
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat")) {
            ChatClient chat = server.chat();
            conversationId = chat.startConversation(VISITOR, "Card trouble");
            messageId = (String) chat.send(VISITOR, conversationId, "cm-1", CARD).expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody().get("messageId");
            chat.put(VISITOR, "/api/conversations/{id}/messages/{m}", Map.of("text", CARD + "!", "reason", "typo"),
                    conversationId, messageId).expectStatus().isOk();
            chat.sendNew(VISITOR, conversationId, "cm-2", "still here");
            String id = conversationId;
            await().untilAsserted(() -> assertThat(chat.messages("auditor:x-1", id)).extracting(m -> m.get("text"))
                    .containsExactly(CARD + "!", "still here"));
        }
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat")) {
            assertThat(server.bean(DataKeys.class).destroyMessageKey(conversationId, messageId)).isTrue();
            List<Map<String, Object>> messages = server.chat().messages("auditor:x-1", conversationId);
            assertThat(messages.get(0)).containsEntry("text", "[erased]").containsEntry("originalText", "[erased]");
            assertThat(messages.get(1)).containsEntry("text", "still here");
        }
    }

    @Test
    void aRedactedMessageAndAnErasedVisitorAreInNoStoredByteOfAKurrentDbLog() {
        try (KurrentDbDouble kurrent = KurrentDbDouble.start();
             LivechatServer server = LivechatServer.start(dataDir,
                     "--livechat.eventstore=" + kurrent.connectionString())) {
            ChatClient chat = server.chat();
            redactedCard(chat);
            String gone = chat.startConversation(ERASED, "ERASE-TOPIC kurrent");
            chat.sendNew(ERASED, gone, "c-1", "ERASE-VISITOR 1 Main St");
            chat.post("privacy:p-1", "/api/visitors/{v}/erasure", Map.of("reason", "asked", "legalBasis",
                    "gdpr-art-17"), "v-gone").expectStatus().isOk();
            assertThat(chat.conversation(SUPERVISOR, gone)).containsEntry("topic", "[erased]");
            assertThat(new String(kurrent.storedBytes(), StandardCharsets.ISO_8859_1)).doesNotContain("4111 1111")
                    .doesNotContain("ERASE-").doesNotContain("1 Main St").contains("\"lc1:")
                    .contains("VisitorDataErased");
        }
    }

    @Test
    void aKeyServiceSelectedByConfigurationKeepsTheMasterKey() throws IOException {
        try (KmsDouble kms = KmsDouble.start()) {
            String[] settings = {"--livechat.privacy.kms.key-id=" + KmsDouble.KEY_ID,
                    "--livechat.privacy.kms.region=eu-west-1", "--livechat.privacy.kms.endpoint=" + kms.endpoint()};
            String id;
            try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat", settings)) {
                id = server.chat().startConversation(VISITOR, "KMS-TOPIC");
                server.chat().sendNew(VISITOR, id, "c-1", "KMS-TEXT hello");
                server.chat().awaitMessages(SUPERVISOR, id, 1);
            }
            assertThat(dataDir.resolve("keys").resolve(KmsMasterKey.FILE)).exists();
            assertThat(dataDir.resolve("keys").resolve(DataFolderKeys.MASTER_KEY_FILE)).doesNotExist();
            assertThat(filesHolding(dataDir, "KMS-")).isEmpty();
            try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat", settings)) {
                assertThat(server.chat().messages(SUPERVISOR, id).get(0)).containsEntry("text", "KMS-TEXT hello");
            }
        }
    }

    @Test
    void anErasedVisitorsConversationsReadErasedEverywhereAndTheirTextIsInNoFile() throws IOException {
        String gone;
        String kept;
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat")) {
            ChatClient chat = server.chat();
            chat.agent("ada", List.of("billing"), 3, "ONLINE");
            gone = chat.startConversation(ERASED, "ERASE-TOPIC refund", "billing");
            chat.awaitHolding("ada", gone);
            chat.sendNew(ERASED, gone, "c-1", "ERASE-VISITOR I live at 1 Main St");
            chat.sendNew("agent:ada", gone, "a-1", "ERASE-AGENT we will write to 1 Main St");
            String disputeId = (String) chat.post(ERASED, "/api/conversations/{id}/disputes",
                    Map.of("reason", "ERASE-DISPUTE wrong parcel"), gone).expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody().get("disputeId");
            chat.post("agent:ada", "/api/conversations/{id}/disputes/{d}/evidence",
                    Map.of("note", "ERASE-EVIDENCE tracking 123"), gone, disputeId).expectStatus().isCreated();
            // An open dispute would keep the visitor's data (409 legal-hold): resolved, it does not.
            chat.post(SUPERVISOR, "/api/conversations/{id}/disputes/{d}/resolution", Map.of("outcome", "settled",
                    "note", "ERASE-RESOLUTION refunded"), gone, disputeId).expectStatus().isOk();
            chat.post(ERASED, "/api/conversations/{id}/close", Map.of("reason", "solved"), gone)
                    .expectStatus().isOk();
            chat.post(ERASED, "/api/conversations/{id}/rating", Map.of("score", 4, "comment", "ERASE-COMMENT ok"),
                    gone).expectStatus().isCreated();
            kept = chat.startConversation("visitor:v-stays", "KEEP-TOPIC");
            chat.sendNew("visitor:v-stays", kept, "c-1", "KEEP-TEXT hello");
            chat.awaitMessages(SUPERVISOR, kept, 1);
            String metrics = await().until(() -> body(chat.get(SUPERVISOR, METRICS)),
                    body -> body.contains("\"responses\":1"));
            await().until(() -> body(chat.get("auditor:x-1", "/api/audits/disputes")),
                    body -> body.contains("ERASE-EVIDENCE"));

            String erasure = "/api/visitors/{v}/erasure";
            Map<String, String> request = Map.of("reason", "asked by email", "legalBasis", "gdpr-art-17");
            assertThat(chat.post("privacy:p-1", erasure, request, "v-gone").expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("recorded", true);
            assertThat(chat.post(SUPERVISOR, erasure, request, "v-gone").expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("recorded", false);
            ProblemAssertions.expectProblem(chat.post("privacy:p-1", erasure, request, "v-nobody"), 404,
                    "visitor-not-found");

            assertErased(server, gone);
            assertThat(chat.messages(SUPERVISOR, kept).get(0)).containsEntry("text", "KEEP-TEXT hello");
            assertThat(chat.get("auditor:x-1", "/api/audits/conversations/{id}/verify", gone).expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("ok", true);
            assertThat(body(chat.get(SUPERVISOR, METRICS))).isEqualTo(metrics);
            // The erasure is an event of its own, which the audit chain covers like any other.
            assertThat(body(chat.get("auditor:x-1", "/api/audits/conversations/{id}", gone))).doesNotContain("ERASE-");
        }
        assertThat(filesHolding(dataDir, "ERASE-")).isEmpty();
        assertThat(filesHolding(dataDir, "1 Main St")).isEmpty();
        assertThat(filesHolding(dataDir, "KEEP-TEXT")).as("every visitor's content is sealed").isEmpty();
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat")) {
            assertErased(server, gone);
            assertThat(server.chat().messages(SUPERVISOR, kept).get(0)).containsEntry("text", "KEEP-TEXT hello");
        }
    }

    /** Every read of the conversation shows [erased] for what its visitor and agent wrote. */
    private static void assertErased(LivechatServer server, String conversationId) {
        ChatClient chat = server.chat();
        assertThat(chat.messages("auditor:x-1", conversationId)).extracting(message -> message.get("text"))
                .containsExactly("[erased]", "[erased]");
        assertThat(chat.conversation(SUPERVISOR, conversationId)).containsEntry("topic", "[erased]");
        assertThat(body(chat.get(SUPERVISOR, "/api/conversations/{id}/transcript/export", conversationId)))
                .contains("[erased]").doesNotContain("ERASE-");
        assertThat(body(chat.get("auditor:x-1", "/api/audits/disputes"))).contains("[erased]")
                .doesNotContain("ERASE-");
        assertThat(LiveStream.after(server, SUPERVISOR, conversationId, -1)
                .filter(event -> "message".equals(event.event())).take(2).map(event -> event.data().get("text"))
                .collectList().block(Duration.ofSeconds(30))).containsExactly("[erased]", "[erased]");
    }

    private static String body(WebTestClient.ResponseSpec response) {
        return response.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    /** A conversation whose card number (and its edit) was redacted, once every read model shows it. */
    private static String redactedCard(ChatClient chat) {
        String id = chat.startConversation(VISITOR, "Card trouble");
        String messageId = (String) chat.send(VISITOR, id, "cm-1", CARD).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("messageId");
        chat.put(VISITOR, "/api/conversations/{id}/messages/{m}", Map.of("text", CARD + "!", "reason", "typo"), id,
                messageId).expectStatus().isOk();
        chat.post(SUPERVISOR, "/api/conversations/{id}/messages/{m}/redaction", Map.of("reason", "card number"), id,
                messageId).expectStatus().isOk();
        await().untilAsserted(() -> {
            Map<String, Object> message = chat.messages("auditor:x-1", id).get(0);
            assertThat(message.get("redaction")).isNotNull();
            assertThat(message).containsEntry("originalText", "[erased]");
            assertThat(chat.get("auditor:x-1", "/api/audits/conversations/{id}", id).expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody().get("events")).asList().hasSize(5);
        });
        return id;
    }

    /** The files under {@code folder} whose bytes hold {@code text} (UTF-8). */
    static List<Path> filesHolding(Path folder, String text) throws IOException {
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                        .contains(new String(wanted, StandardCharsets.ISO_8859_1))) {
                    holding.add(file);
                }
            }
        }
        return holding;
    }
}

package livechat.api;

import livechat.eventstore.kurrent.KurrentDbDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A redacted message's text is in no file of the data folder (event log, read models, snapshots) and in no stored
 * byte of a KurrentDB log, and it reads as erased everywhere, after a restart too.
 */
class PersonalDataApiTest {

    private static final String VISITOR = "visitor:v-card";
    private static final String CARD = "My card number is 4111 1111 1111 1111";

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

    @Test
    void aRedactedMessageIsInNoStoredByteOfAKurrentDbLog() {
        try (KurrentDbDouble kurrent = KurrentDbDouble.start();
             LivechatServer server = LivechatServer.start(dataDir,
                     "--livechat.eventstore=" + kurrent.connectionString())) {
            redactedCard(server.chat());
            assertThat(new String(kurrent.storedBytes(), StandardCharsets.ISO_8859_1)).doesNotContain("4111 1111")
                    .contains("\"lc1:");
        }
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

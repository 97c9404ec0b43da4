package livechat.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping and starting the server on the same data keeps every conversation, every read model and every stored
 * attachment.
 */
class RestartTest {

    private static final String VISITOR = "visitor:v-1";

    @TempDir
    Path data;

    @Test
    void everythingSurvivesARestart() {
        String database = "livechat-restart-test";
        String id;
        long one;
        long two;
        String supervisorToken;
        try (LivechatServer first = LivechatServer.startOn(data, database)) {
            ChatClient chat = first.chat();
            id = chat.startConversation(VISITOR, "Before the restart");
            supervisorToken = first.tokens().token(ChatClient.SUPERVISOR);
            one = chat.sendNew(VISITOR, id, "cm-1", "one");
            two = chat.sendNew(VISITOR, id, "cm-2", "two");
            chat.upload(VISITOR, id, "photo.png", TestFiles.png()).expectStatus().isCreated();
            chat.awaitMessages(VISITOR, id, 2);
        }
        try (LivechatServer second = LivechatServer.startOn(data, database)) {
            ChatClient chat = second.chat();
            assertThat(chat.messages(VISITOR, id)).extracting(m -> m.get("text")).containsExactly("one", "two");
            assertThat(chat.get(VISITOR, "/api/conversations/{id}/attachments/{sha}", id,
                    TestFiles.sha256(TestFiles.png())).expectStatus().isOk().expectBody(byte[].class)
                    .returnResult().getResponseBody()).isEqualTo(TestFiles.png());
            // The signing keys are in the data folder: a token from before the restart still verifies.
            second.client().get().uri("/api/conversations/{id}", id)
                    .headers(headers -> headers.setBearerAuth(supervisorToken)).exchange().expectStatus().isOk();
            chat.send(VISITOR, id, "cm-2", "two").expectStatus().isOk();
            long three = chat.sendNew(VISITOR, id, "cm-3", "three");
            assertThat(three).isEqualTo(two + 1);
            assertThat(chat.awaitMessages(VISITOR, id, 3)).extracting(m -> ((Number) m.get("sequence")).longValue())
                    .containsExactly(one, two, three);
        }
    }
}

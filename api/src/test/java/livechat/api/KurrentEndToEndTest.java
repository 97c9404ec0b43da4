package livechat.api;

import livechat.events.audit.AuditBundle;
import livechat.events.audit.CheckpointKey;
import livechat.eventstore.kurrent.KurrentDbDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The whole server with its event log on KurrentDB (the in-process protocol double), as production runs it. */
@ServerTest(kurrentDb = true)
class KurrentEndToEndTest {

    private static final String VISITOR = "visitor:v-1";

    private static KurrentDbDouble kurrent;
    private static LivechatServer server;
    private static ChatClient chat;

    @BeforeAll
    static void connect(KurrentDbDouble eventLog, LivechatServer running, ChatClient client) {
        kurrent = eventLog;
        server = running;
        chat = client;
    }

    @Test
    void aConversationRunsEndToEndOnKurrentDb() {
        String id = chat.startConversation(VISITOR, "On KurrentDB");
        long first = chat.sendNew(VISITOR, id, "cm-1", "first");
        long second = chat.sendNew(VISITOR, id, "cm-2", "second");
        assertThat(second).isEqualTo(first + 1);
        chat.send(VISITOR, id, "cm-2", "second").expectStatus().isOk();

        assertThat(chat.awaitMessages(VISITOR, id, 2)).extracting(m -> m.get("text")).containsExactly("first", "second");
        assertThat(kurrent.appendCalls()).extracting(KurrentDbDouble.AppendCall::stream).contains("livechat-" + id);

        StepVerifier.create(LiveStream.after(server, VISITOR, id, second))
                .then(() -> chat.sendNew(VISITOR, id, "cm-3", "live"))
                .assertNext(event -> {
                    assertThat(event.id()).isEqualTo(Long.toString(second + 1));
                    assertThat(event.data()).containsEntry("text", "live");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void commandsAnswer503WhileKurrentDbIsDownAndWorkAgainWhenItIsBack() {
        String id = chat.startConversation(VISITOR, "Outage");
        kurrent.stop();
        try {
            // The bound only keeps a broken build from hanging; the engine gives up after its 3 s call timeout.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> chat.send(VISITOR, id, "cm-1", "during the outage")
                    .expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.rule").isEqualTo("event-store-unavailable"));
            server.client().get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503);
        } finally {
            kurrent.restart();
        }

        chat.sendNew(VISITOR, id, "cm-2", "after the outage");
        server.client().get().uri("/actuator/health").exchange().expectStatus().isOk();
        assertThat(chat.awaitMessages(VISITOR, id, 1)).extracting(m -> m.get("text")).containsExactly("after the outage");
    }

    /**
     * Every event is linked as KurrentDB stores it, a checkpoint anchors the conversation, and its bundle checks
     * with the signer's public key alone.
     */
    @Test
    void theAuditChainIsLinkedCheckpointedAndExportedOnKurrentDb() throws Exception {
        String id = chat.startConversation(VISITOR, "Audited on KurrentDB");
        chat.sendNew(VISITOR, id, "cm-1", "first");
        chat.sendNew(VISITOR, id, "cm-2", "second");
        server.client().post().uri("/api/audits/checkpoints").headers(chat.as("auditor:x-1")).exchange()
                .expectStatus().isCreated();
        server.client().get().uri("/api/audits/conversations/{id}/verify", id).headers(chat.as("auditor:x-1"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.checked").isEqualTo(4)
                .jsonPath("$.linkedFrom").isEqualTo(0)
                .jsonPath("$.checkpoint.sequence").isEqualTo(3);

        byte[] bundle = server.client().get().uri("/api/audits/conversations/{id}/export", id)
                .headers(chat.as("auditor:x-1")).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        AuditBundle.Verification offline = AuditBundle.verify(new ByteArrayInputStream(bundle),
                server.bean(CheckpointKey.class).publicKey());
        assertThat(offline.ok()).as(offline.reason()).isTrue();
        assertThat(offline.anchoredSequence()).isEqualTo(3);
    }
}

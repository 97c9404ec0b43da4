package livechat.api;

import livechat.eventstore.jdbc.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The whole server with its event log on PostgreSQL ({@code LIVECHAT_EVENTSTORE=jdbc:postgresql://...}), in a schema
 * of its own on the server {@code LIVECHAT_TEST_POSTGRES} names, reached through a relay the test can cut.
 */
@EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
class PostgresEndToEndTest {

    private static final String VISITOR = "visitor:v-1";

    @TempDir
    static Path data;
    private static TestPostgres postgres;
    private static TcpRelay relay;
    private static LivechatServer server;
    private static ChatClient chat;

    @BeforeAll
    static void start() {
        postgres = TestPostgres.create();
        relay = TcpRelay.to(postgres.address());
        server = LivechatServer.start(data, "--livechat.eventstore=" + postgres.urlVia(relay.port()));
        chat = server.chat();
    }

    @AfterAll
    static void stop() {
        try {
            server.close();
        } finally {
            relay.close();
            postgres.close();
        }
    }

    @Test
    void aConversationRunsEndToEndOnPostgres() {
        String id = chat.startConversation(VISITOR, "On PostgreSQL");
        long first = chat.sendNew(VISITOR, id, "cm-1", "first");
        assertThat(chat.sendNew(VISITOR, id, "cm-2", "second")).isEqualTo(first + 1);

        assertThat(chat.awaitMessages(VISITOR, id, 2)).extracting(m -> m.get("text")).containsExactly("first", "second");
        assertThat(new JdbcTemplate(postgres.dataSource()).queryForObject(
                "SELECT count(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?", Long.class, id))
                .isEqualTo(first + 2);
        assertThat(data.resolve("events.mv.db")).doesNotExist();
        // The audit reads the rows as PostgreSQL stores them and finds every link.
        server.client().get().uri("/api/audits/conversations/{id}/verify", id).headers(chat.as("auditor:x-1"))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.ok").isEqualTo(true)
                .jsonPath("$.checked").isEqualTo(first + 2);
    }

    @Test
    void commandsAnswer503WhilePostgresIsUnreachableAndWorkAgainWhenItIsBack() throws InterruptedException {
        String id = chat.startConversation(VISITOR, "Outage");
        relay.cut();
        try {
            // The first send runs on a connection the pool lent a moment ago, unchecked, and loses it mid-append.
            refusedWhileDown(id, "cm-1");
            // Past the pool's half-second of trust every lent connection is checked: the second send finds none
            // alive and waits for a new one at most 3 s (livechat.eventstore-timeout) before its transaction fails.
            Thread.sleep(1_000);
            refusedWhileDown(id, "cm-1b");
            server.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
        } finally {
            relay.restore();
        }

        // Ready again on its own, and then taking commands: no restart.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> server.client().get()
                .uri("/actuator/health/readiness").exchange().expectStatus().isOk());
        chat.sendNew(VISITOR, id, "cm-2", "after the outage");
        assertThat(chat.awaitMessages(VISITOR, id, 1)).extracting(m -> m.get("text")).containsExactly("after the outage");
    }

    private static void refusedWhileDown(String conversationId, String clientMessageId) {
        // The bound only keeps a broken build from hanging.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> chat.send(VISITOR, conversationId, clientMessageId,
                        "during the outage").expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.rule").isEqualTo("event-store-unavailable"));
    }
}

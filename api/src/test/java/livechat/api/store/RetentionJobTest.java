package livechat.api.store;

import livechat.api.ChatClient;
import livechat.api.LivechatServer;
import livechat.events.Actor;
import livechat.events.privacy.DataKeys;
import livechat.events.subject.DataSubjectEvent;
import livechat.events.subject.DataSubjectEvent.VisitorDataErased;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static livechat.api.ChatClient.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The retention job, run with a clock moved forward: visitors whose conversations have all been closed longer than
 * their skill's retention are erased as the server, once; a visitor under legal hold, or with a conversation still
 * open or closed too recently, is kept; a restarted server takes up where the last run stopped.
 */
class RetentionJobTest {

    private static final String[] RETENTION = {"--livechat.routing.automatic=false",
            "--livechat.retention.closed-after=P30D", "--livechat.retention.skills.billing=P365D"};

    @TempDir
    Path dataDir;

    @Test
    void visitorsClosedLongerThanTheirRetentionAreErasedOnceAndHoldsKeepTheirs() {
        Instant now = Instant.now();
        String old;
        String billing;
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat", RETENTION)) {
            ChatClient chat = server.chat();
            old = closed(chat, "v-old", null);
            billing = closed(chat, "v-billing", "billing");
            String held = closed(chat, "v-held", null);
            chat.post("auditor:x-1", "/api/conversations/{id}/legal-hold", Map.of("reason", "case 7"), held)
                    .expectStatus().isOk();
            closed(chat, "v-mixed", null);
            String open = chat.startConversation("visitor:v-mixed", "RETAIN-open");
            await().untilAsserted(() -> chat.conversation(SUPERVISOR, open));

            assertThat(job(server, now).runOnce()).isEqualTo(new RetentionJob.Run(0, 0, 0));
            assertThat(job(server, now.plus(Duration.ofDays(31))).runOnce())
                    .isEqualTo(new RetentionJob.Run(1, 1, 2));
            assertThat(chat.conversation(SUPERVISOR, old)).containsEntry("topic", "[erased]");
            assertThat(chat.conversation(SUPERVISOR, billing)).containsEntry("topic", "RETAIN-v-billing");
            assertThat(erasures(server, "v-old")).containsExactly(new VisitorDataErased("v-old",
                    "every conversation closed longer than the retention of its skill", RetentionJob.LEGAL_BASIS,
                    Actor.system("retention")));
        }
        try (LivechatServer server = LivechatServer.startOn(dataDir, "livechat", RETENTION)) {
            assertThat(job(server, now.plus(Duration.ofDays(31))).runOnce()).as("nothing done twice")
                    .isEqualTo(new RetentionJob.Run(0, 1, 2));
            assertThat(job(server, now.plus(Duration.ofDays(366))).runOnce())
                    .isEqualTo(new RetentionJob.Run(1, 1, 1));
            assertThat(server.chat().conversation(SUPERVISOR, billing)).containsEntry("topic", "[erased]");
            assertThat(erasures(server, "v-old")).hasSize(1);
        }
    }

    /** The job as the server wires it, but on a clock standing at {@code at}. */
    private static RetentionJob job(LivechatServer server, Instant at) {
        return new RetentionJob(server.bean(RetentionProperties.class), server.bean(TranscriptQueries.class),
                server.bean(DataKeys.class), server.bean(CommandGateway.class), Clock.fixed(at, ZoneOffset.UTC));
    }

    /** A conversation of the visitor, closed, once the read model shows it closed. */
    private static String closed(ChatClient chat, String visitor, String skill) {
        String id = skill == null ? chat.startConversation("visitor:" + visitor, "RETAIN-" + visitor)
                : chat.startConversation("visitor:" + visitor, "RETAIN-" + visitor, skill);
        chat.post("visitor:" + visitor, "/api/conversations/{id}/close", Map.of("reason", "done"), id)
                .expectStatus().isOk();
        await().untilAsserted(() -> assertThat(chat.conversation(SUPERVISOR, id)).containsEntry("status", "CLOSED"));
        return id;
    }

    private static List<Object> erasures(LivechatServer server, String visitorId) {
        return server.bean(EventStore.class).readEvents(DataSubjectEvent.subjectId(visitorId), 0).asStream()
                .map(DomainEventMessage::getPayload).map(Object.class::cast).toList();
    }
}

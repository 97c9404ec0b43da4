package livechat.command.access;

import livechat.command.access.AccessCommand.RecordConversationRead;
import livechat.events.Actor;
import livechat.events.access.AccessEvent.ConversationRecordsRead;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static livechat.command.Violations.violates;

class AccessLogTest {

    private static final Actor AUDITOR = Actor.parse("auditor:x-1");
    private static final Actor AGENT = Actor.parse("agent:a-1");

    private FixtureConfiguration<AccessLog> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AccessLog.class);
    }

    @Test
    void theFirstReadStartsTheLogAndEveryReadIsRecorded() {
        fixture.givenNoPriorActivity()
                .when(new RecordConversationRead("c-1", AUDITOR, "audit-export", "case 42"))
                .expectEvents(new ConversationRecordsRead("c-1", AUDITOR, "audit-export", "case 42"));
        fixture.given(new ConversationRecordsRead("c-1", AUDITOR, "audit", null))
                .when(new RecordConversationRead("c-1", AGENT, "transcript", null))
                .expectEvents(new ConversationRecordsRead("c-1", AGENT, "transcript", null));
        fixture.given(new ConversationRecordsRead("c-1", AGENT, "transcript", null))
                .when(new RecordConversationRead("c-1", AGENT, "attachment", null))
                .expectEvents(new ConversationRecordsRead("c-1", AGENT, "attachment", null));
    }

    @Test
    void onlyStaffReadsOfKnownResourcesWithAPrintablePurposeAreRecorded() {
        fixture.givenNoPriorActivity()
                .when(new RecordConversationRead("c-1", Actor.parse("visitor:v-1"), "transcript", null))
                .expectException(violates("access-log-staff-only"));
        fixture.givenNoPriorActivity()
                .when(new RecordConversationRead("c-1", AUDITOR, "everything", null))
                .expectException(violates("access-resource"));
        for (String purpose : new String[]{"", "x".repeat(201), "line\nbreak", "bidi \u202e", "nul \u0000"}) {
            fixture.givenNoPriorActivity()
                    .when(new RecordConversationRead("c-1", AUDITOR, "audit", purpose))
                    .expectException(violates("purpose-format"));
        }
    }
}

package livechat.command.canned;

import livechat.command.canned.CannedResponseCommand.RemoveCannedResponse;
import livechat.command.canned.CannedResponseCommand.SaveCannedResponse;
import livechat.events.Actor;
import livechat.events.canned.CannedResponseEvent.CannedResponseRemoved;
import livechat.events.canned.CannedResponseEvent.CannedResponseSaved;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static livechat.command.Violations.violates;

class CannedResponseTest {

    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");
    private static final CannedResponseSaved GREETING = new CannedResponseSaved("greeting", "Greeting",
            "Hi! How can I help?", SUPERVISOR);

    private FixtureConfiguration<CannedResponse> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CannedResponse.class);
    }

    @Test
    void aSupervisorSavesAResponse() {
        fixture.givenNoPriorActivity()
                .when(new SaveCannedResponse("greeting", SUPERVISOR, "Greeting", " Hi! How can I help? "))
                .expectEvents(GREETING);
    }

    @Test
    void savingTheSameTextAgainChangesNothing() {
        fixture.given(GREETING)
                .when(new SaveCannedResponse("greeting", SUPERVISOR, "Greeting", "Hi! How can I help?"))
                .expectNoEvents();
    }

    @Test
    void onlySupervisorsManageTheLibrary() {
        fixture.givenNoPriorActivity()
                .when(new SaveCannedResponse("greeting", Actor.parse("agent:a-1"), "Greeting", "Hi"))
                .expectException(violates("supervisors-manage-canned-responses"));
    }

    @Test
    void keysHaveAFormat() {
        fixture.givenNoPriorActivity()
                .when(new SaveCannedResponse("Greeting!", SUPERVISOR, "Greeting", "Hi"))
                .expectException(violates("canned-response-key"));
    }

    @Test
    void aResponseHasText() {
        fixture.givenNoPriorActivity()
                .when(new SaveCannedResponse("greeting", SUPERVISOR, "Greeting", " "))
                .expectException(violates("canned-response-content"));
    }

    @Test
    void aRemovedResponseIsRemovedOnceAndCanBeSavedAgain() {
        fixture.given(GREETING)
                .when(new RemoveCannedResponse("greeting", SUPERVISOR))
                .expectEvents(new CannedResponseRemoved("greeting", SUPERVISOR));
        fixture.given(GREETING, new CannedResponseRemoved("greeting", SUPERVISOR))
                .when(new SaveCannedResponse("greeting", SUPERVISOR, "Greeting", "Hi! How can I help?"))
                .expectEvents(GREETING);
    }
}

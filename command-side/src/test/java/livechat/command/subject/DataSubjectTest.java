package livechat.command.subject;

import livechat.command.subject.SubjectCommand.EraseVisitorData;
import livechat.events.Actor;
import livechat.events.subject.DataSubjectEvent.VisitorDataErased;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static livechat.command.Violations.violates;

class DataSubjectTest {

    private static final Actor PRIVACY = Actor.parse("privacy:p-1");
    private static final Actor SUPERVISOR = Actor.parse("supervisor:s-1");

    private FixtureConfiguration<DataSubject> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DataSubject.class);
        fixture.registerInjectableResource(new DataSubjects() {
            @Override
            public boolean known(String visitorId) {
                return visitorId.startsWith("v-1");
            }

            @Override
            public Optional<String> hold(String visitorId) {
                return visitorId.equals("v-1-held") ? Optional.of("Conversation c-1 is under legal hold")
                        : Optional.empty();
            }
        });
    }

    @Test
    void aKnownVisitorsDataIsErasedOnce() {
        fixture.givenNoPriorActivity()
                .when(new EraseVisitorData("v-1", PRIVACY, " asked by email ", "gdpr-art-17"))
                .expectEvents(new VisitorDataErased("v-1", "asked by email", "gdpr-art-17", PRIVACY))
                .expectResultMessagePayload(new Erasure(true));
        fixture.given(new VisitorDataErased("v-1", "asked by email", "gdpr-art-17", PRIVACY))
                .when(new EraseVisitorData("v-1", SUPERVISOR, "asked again", "gdpr-art-17"))
                .expectNoEvents()
                .expectResultMessagePayload(new Erasure(false));
    }

    @Test
    void dataUnderLegalHoldIsNotErased() {
        fixture.givenNoPriorActivity()
                .when(new EraseVisitorData("v-1-held", PRIVACY, "asked", "gdpr-art-17"))
                .expectNoEvents()
                .expectException(violates("legal-hold"));
        fixture.given(new VisitorDataErased("v-1-held", "asked", "gdpr-art-17", PRIVACY))
                .when(new EraseVisitorData("v-1-held", PRIVACY, "asked again", "gdpr-art-17"))
                .expectNoEvents()
                .expectResultMessagePayload(new Erasure(false));
    }

    @Test
    void theRetentionJobErasesAsTheServer() {
        Actor retention = Actor.system("retention");
        fixture.givenNoPriorActivity()
                .when(new EraseVisitorData("v-1", retention, "closed longer than P365D", "retention"))
                .expectEvents(new VisitorDataErased("v-1", "closed longer than P365D", "retention", retention));
    }

    @Test
    void theRetentionJobKeepsDataUnderLegalHold() {
        fixture.givenNoPriorActivity()
                .when(new EraseVisitorData("v-1-held", Actor.system("retention"), "closed longer than P365D", "retention"))
                .expectNoEvents()
                .expectException(violates("legal-hold"));
    }

    @Test
    void aVisitorWithoutDataIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new EraseVisitorData("v-2", PRIVACY, "asked", "gdpr-art-17"))
                .expectException(violates("visitor-not-found"));
    }

    @Test
    void refusals() {
        fixture.givenNoPriorActivity()
                .when(new EraseVisitorData("v-1", Actor.parse("agent:a-1"), "asked", "gdpr-art-17"))
                .expectException(violates("erasure-by-privacy-or-supervisor"));
        fixture.givenNoPriorActivity()
                .when(new EraseVisitorData("v-1", PRIVACY, " ", "gdpr-art-17"))
                .expectException(violates("erasure-reason-required"));
        for (String basis : new String[]{null, "", "gdpr art 17", "x".repeat(65)}) {
            fixture.givenNoPriorActivity()
                    .when(new EraseVisitorData("v-1", PRIVACY, "asked", basis))
                    .expectException(violates("legal-basis-format"));
        }
    }
}

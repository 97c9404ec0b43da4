package livechat.query.staff;

import livechat.events.Actor;
import livechat.events.staff.StaffEvent.StaffAccountCreated;
import livechat.events.staff.StaffEvent.StaffAccountDisabled;
import livechat.events.staff.StaffEvent.StaffAccountEnabled;
import livechat.events.staff.StaffEvent.StaffRolesChanged;
import livechat.query.projection.ProjectionDriver;
import livechat.query.projection.ReadModelDatabase;
import livechat.query.projection.TestMongo;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static livechat.query.projection.ProjectionDriver.event;
import static livechat.query.projection.TestMongo.all;
import static org.assertj.core.api.Assertions.assertThat;

class StaffDirectoryProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Actor ROOT = Actor.parse("admin:root");

    private final List<DomainEventMessage<?>> history = List.of(
            event("staff:root", 0, new StaffAccountCreated("root", Set.of("admin"), Actor.system("bootstrap")), T0),
            event("staff:ada", 0, new StaffAccountCreated("ada", Set.of("agent"), ROOT), T0.plusSeconds(1)),
            event("staff:bob", 0, new StaffAccountCreated("bob", Set.of("agent"), ROOT), T0.plusSeconds(2)),
            event("staff:ada", 1, new StaffRolesChanged("ada", Set.of("agent", "supervisor"), ROOT),
                    T0.plusSeconds(3)),
            event("staff:bob", 1, new StaffAccountDisabled("bob", ROOT), T0.plusSeconds(4)),
            event("staff:ada", 2, new StaffAccountDisabled("ada", ROOT), T0.plusSeconds(5)),
            event("staff:ada", 3, new StaffAccountEnabled("ada", ROOT), T0.plusSeconds(6)));
    private final List<EventMessage<?>> tracked = ProjectionDriver.tracked(history, 10);

    private TestMongo mongo;
    private ReadModelDatabase database;
    private ProjectionDriver projection;
    private StaffDirectory directory;

    @BeforeEach
    void setUp() {
        mongo = new TestMongo();
        database = mongo.database();
        projection = new ProjectionDriver(new StaffDirectoryProjection(database));
        directory = new StaffDirectory(database);
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    @Test
    void theDirectoryShowsEachAccountsRolesAndWhetherItIsDisabled() throws Exception {
        projection.deliver(tracked);

        assertThat(directory.all().collectList().block()).containsExactly(
                new StaffMember("ada", List.of("agent", "supervisor"), false),
                new StaffMember("bob", List.of("agent"), true),
                new StaffMember("root", List.of("admin"), false));
        assertThat(directory.disabledUsernames().block()).containsExactly("bob");
        assertThat(directory.hasEnabledAdmin().block()).isTrue();
        assertThat(directory.find("nobody").blockOptional()).isEmpty();
    }

    @Test
    void oneEventPerBatchAndRedeliveriesEndTheSame() throws Exception {
        projection.deliver(tracked);
        List<Document> whole = all(database.collection(StaffDirectoryProjection.STAFF));

        TestMongo other = new TestMongo();
        try {
            ReadModelDatabase separate = other.database();
            ProjectionDriver oneByOne = new ProjectionDriver(new StaffDirectoryProjection(separate));
            for (EventMessage<?> event : tracked) {
                oneByOne.deliver(List.of(event));
            }
            // A redelivery of everything (a replay after a crash before the token was stored) changes nothing.
            oneByOne.deliver(tracked);
            oneByOne.deliver(tracked.subList(2, 6));
            assertThat(all(separate.collection(StaffDirectoryProjection.STAFF))).isEqualTo(whole);
        } finally {
            other.close();
        }
    }

    @Test
    void aDirectoryWithOnlyADisabledAdminHasNoAdmin() throws Exception {
        projection.deliver(tracked.subList(0, 1));
        assertThat(directory.hasEnabledAdmin().block()).isTrue();
        projection.deliver(List.of(ProjectionDriver.tracked(List.of(
                event("staff:root", 1, new StaffAccountDisabled("root", Actor.parse("admin:other")), T0)), 20)
                .get(0)));
        assertThat(directory.hasEnabledAdmin().block()).isFalse();
    }

    @Test
    void credentialsAreKeptApartFromTheDirectory() {
        StaffCredentials credentials = new StaffCredentials(database.withCollectionSuffix("_rebuild"),
                Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(credentials.hashOf("ada").blockOptional()).isEmpty();
        credentials.store("ada", "{bcrypt}first").block();
        credentials.store("ada", "{bcrypt}second").block();

        assertThat(credentials.hashOf("ada").block()).isEqualTo("{bcrypt}second");
        // Never suffixed: a rebuild beside the live read models does not hide or copy the credentials.
        assertThat(database.blocking().getCollection(StaffCredentials.COLLECTION).countDocuments()).isEqualTo(1);
        assertThat(StaffDirectoryProjection.COLLECTIONS).doesNotContainAnyElementsOf(StaffCredentials.NAMES);
    }
}

package livechat.tools.migrate;

import com.zaxxer.hikari.HikariDataSource;
import livechat.events.audit.ChainCheck;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.Greeted;
import livechat.eventstore.audit.LinkingEventStorageEngine;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import livechat.eventstore.jdbc.ProtectedH2File;
import livechat.eventstore.jdbc.TestPostgres;
import livechat.eventstore.kurrent.KurrentDbDouble;
import livechat.tools.LivechatTool;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MigrateCommandTest {

    private static final List<String> CONVERSATIONS = List.of("conversation-0", "conversation-1", "conversation-2");

    @TempDir
    Path dir;
    private KurrentDbDouble kurrent;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** What must survive a migration, compared field by field. */
    record Copy(String id, String aggregate, long sequence, String type, Instant timestamp, Object payload,
                Map<String, ?> metaData) {
    }

    @BeforeEach
    void startKurrent() {
        kurrent = KurrentDbDouble.start();
    }

    @AfterEach
    void stopKurrent() {
        kurrent.close();
    }

    @Test
    void copiesTheLogFromH2ToKurrentDbAndBackEventByEvent() throws Exception {
        String source = h2("source");
        String back = h2("back");
        List<Copy> written = write(source, 0, 12);

        assertThat(migrate(source, kurrent.connectionString())).isZero();
        assertThat(migrate(kurrent.connectionString(), back)).isZero();

        assertThat(read(kurrent.connectionString())).isEqualTo(written);
        assertThat(read(back)).isEqualTo(written);
        assertThat(out.toString()).contains("Migrated 12 events (0 were already in the target).");
    }

    /**
     * H2 to PostgreSQL to KurrentDB and back to H2: every copy keeps every field, and the audit chain as stored still
     * holds on PostgreSQL and back on H2.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = TestPostgres.VARIABLE, matches = ".+")
    void copiesTheLogFromH2ThroughPostgresAndKurrentDbBackKeepingItsAuditChain() throws Exception {
        String source = h2("source");
        String back = h2("back");
        List<Copy> written = write(source, 0, 12);
        try (TestPostgres postgres = TestPostgres.create()) {
            assertThat(migrate(source, postgres.url())).isZero();
            assertThat(migrate(postgres.url(), kurrent.connectionString())).isZero();
            assertThat(migrate(kurrent.connectionString(), back)).isZero();

            assertThat(read(postgres.url())).isEqualTo(written);
            assertThat(read(kurrent.connectionString())).isEqualTo(written);
            assertThat(read(back)).isEqualTo(written);
            assertChainsHold(postgres.dataSource());
            // The tool's own audit on the PostgreSQL copy (no checkpoints: the stored links alone), found as the
            // server finds it, with its user as the server is given it, not in the URL.
            String withoutUser = postgres.url().replaceAll("user=[^&]*&?", "");
            for (String conversation : CONVERSATIONS) {
                assertThat(tool("audit", "verify", conversation, "--event-store", withoutUser,
                        "--event-store-username", "postgres", "--data-dir", dir.resolve("tool").toString()))
                        .as(err.toString()).isZero();
            }
            assertThat(tool("audit", "verify", CONVERSATIONS.get(0), "--event-store", withoutUser,
                    "--event-store-username", "no_such_role", "--data-dir", dir.resolve("tool").toString()))
                    .as(err.toString()).isEqualTo(LivechatTool.STORE_FAILURE);
            assertThat(err.toString()).contains("cannot open the event store jdbc:postgresql:")
                    .contains("no_such_role");
            assertThat(tool("audit", "verify", CONVERSATIONS.get(0), "--event-store", kurrent.connectionString(),
                    "--data-dir", dir.resolve("tool").toString())).isEqualTo(LivechatTool.STORE_FAILURE);
            assertThat(err.toString()).contains("reads the log from a JDBC event store");
        }
        try (HikariDataSource h2 = new HikariDataSource()) {
            h2.setJdbcUrl(back);
            h2.setUsername(ProtectedH2File.USER);
            h2.setPassword(ProtectedH2File.password(ProtectedH2File.databaseOf(back)));
            assertChainsHold(h2);
        }
    }

    private static void assertChainsHold(DataSource store) {
        for (String conversation : CONVERSATIONS) {
            ChainCheck chain = ChainCheck.of(new JdbcStoredEvents(store).read(conversation));
            assertThat(chain.ok()).as(chain.reason()).isTrue();
            assertThat(chain.events()).isEqualTo(4);
            assertThat(chain.linkedFrom()).as("linked from its first event").isZero();
        }
    }

    @Test
    void anInterruptedMigrationResumesAfterWhatTheTargetHolds() throws Exception {
        String source = h2("source");
        List<Copy> written = new ArrayList<>(write(source, 0, 5));
        // What an interrupted run leaves: the target holds the source's first events.
        assertThat(migrate(source, kurrent.connectionString())).isZero();
        written.addAll(write(source, 5, 7));

        assertThat(migrate(source, kurrent.connectionString())).isZero();

        assertThat(read(kurrent.connectionString())).isEqualTo(written);
        assertThat(out.toString()).contains("Migrated 7 events (5 were already in the target).");
    }

    @Test
    void refusesATargetThatIsNotACopyOfTheSourcesBeginning() throws Exception {
        String source = h2("source");
        String other = h2("other");
        write(source, 0, 3);
        write(other, 0, 2);

        assertThat(migrate(source, other)).isEqualTo(1);
        assertThat(err.toString()).contains("migrate failed: the target is not a copy of the source's beginning");
        assertThat(migrate(source, "mongodb://nowhere")).isEqualTo(1);
        assertThat(err.toString()).contains("Unsupported event store: mongodb://nowhere");
    }

    private int migrate(String from, String to) {
        return tool("migrate", "--from", from, "--to", to);
    }

    private int tool(String... arguments) {
        return LivechatTool.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(arguments);
    }

    private String h2(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    /**
     * {@code count} events over three conversations, interleaved, starting at event number {@code first}, written
     * with their audit links as the server writes them.
     */
    private List<Copy> write(String location, int first, int count) throws Exception {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        Instant start = Instant.parse("2026-01-10T09:00:00Z");
        for (int n = first; n < first + count; n++) {
            String aggregate = CONVERSATIONS.get(n % 3);
            events.add(new GenericDomainEventMessage<>("Conversation", aggregate, n / 3, new Greeted("message " + n),
                    Map.of("actor", "visitor:v" + n, "correlationId", UUID.randomUUID().toString()),
                    UUID.randomUUID().toString(), start.plus(n, ChronoUnit.SECONDS)));
        }
        try (EventStores.OpenStore store = EventStores.open(location, EventSerialization.serializer())) {
            // Each previous link is in the event before it, which the engine reads back: never the raw rows.
            LinkingEventStorageEngine linking = new LinkingEventStorageEngine(store.engine(),
                    EventSerialization.serializer(), aggregateId -> {
                        throw new AssertionError("an unlinked event of " + aggregateId);
                    }, 10);
            events.forEach(linking::appendEvents);
        }
        List<Copy> stored = read(location).subList(first, first + count);
        assertThat(stored).extracting(Copy::id).containsExactlyElementsOf(events.stream()
                .map(DomainEventMessage::getIdentifier).toList());
        return stored;
    }

    private static List<Copy> read(String location) throws Exception {
        try (EventStores.OpenStore store = EventStores.open(location, EventSerialization.serializer());
             Stream<? extends TrackedEventMessage<?>> events = store.engine().readEvents(null, false)) {
            return events.map(e -> copyOf((DomainEventMessage<?>) e)).toList();
        }
    }

    private static Copy copyOf(DomainEventMessage<?> e) {
        return new Copy(e.getIdentifier(), e.getAggregateIdentifier(), e.getSequenceNumber(), e.getType(),
                e.getTimestamp(), e.getPayload(), Map.copyOf(e.getMetaData()));
    }
}

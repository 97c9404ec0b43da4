package livechat.api.security;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import livechat.embeddedmongo.EmbeddedMongo;
import livechat.query.projection.ReadModelDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Abuse limits shared by the nodes: each node here has its own clients to one MongoDB over a socket (the server named
 * by {@code LIVECHAT_MONGODB_URI} when set, in a fresh database, else the embedded one), as separate processes would.
 */
class SharedAllowancesTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path data;

    private EmbeddedMongo embedded;
    private String uri;
    private final String databaseName = "livechat-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> clients = new ArrayList<>();
    private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void startMongo() {
        uri = System.getenv("LIVECHAT_MONGODB_URI");
        if (uri == null || uri.isBlank()) {
            embedded = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", 0);
            uri = embedded.connectionString();
        }
    }

    @AfterEach
    void stopMongo() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (embedded != null) {
            embedded.close();
        } else {
            try (var client = MongoClients.create(uri)) {
                client.getDatabase(databaseName).drop();
            }
        }
    }

    @Test
    void aPartyGetsItsAllowanceOnceAcrossNodes() {
        List<Allowances> nodes = List.of(node(uri), node(uri), node(uri));

        for (int call = 0; call < 5; call++) {
            assertThat(take(nodes.get(call % 3), "party v-1", 5)).as("call " + call).isEmpty();
        }
        for (Allowances node : nodes) {
            assertThat(take(node, "party v-1", 5)).hasValueSatisfying(wait ->
                    assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(12)));
        }
        // Another party's allowance is its own.
        assertThat(take(nodes.get(1), "party v-2", 5)).isEmpty();

        // Refilled evenly: a fifth of the window gives one call back, to whichever node it reaches.
        now = now.plus(MINUTE.dividedBy(5));
        assertThat(take(nodes.get(2), "party v-1", 5)).isEmpty();
        assertThat(take(nodes.get(0), "party v-1", 5)).isPresent();
    }

    @Test
    void callsRacingOnAllNodesAreAdmittedExactlyUpToTheAllowance() {
        List<Allowances> nodes = List.of(node(uri), node(uri));

        List<Optional<Duration>> answers = Flux.range(0, 40)
                .flatMap(call -> nodes.get(call % 2).take("party racer", 25, MINUTE, 1), 40)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(answers).hasSize(40);
        assertThat(answers.stream().filter(Optional::isEmpty)).hasSize(25);
    }

    @Test
    void whileTheSharedStoreIsUnreachableEachNodeStillLimitsOnItsOwn() {
        Allowances cut = node("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200&connectTimeoutMS=200");

        assertThat(take(cut, "address 10.0.0.1", 2)).isEmpty();
        assertThat(take(cut, "address 10.0.0.1", 2)).isEmpty();
        assertThat(take(cut, "address 10.0.0.1", 2)).isPresent();
    }

    @Test
    void aBucketIsForgottenOnceItHasRefilled() {
        SharedBuckets buckets = buckets(uri);
        Allowances node = new Allowances(buckets, 100, MINUTE);
        assertThat(take(node, "party v-1", 5)).isEmpty();

        assertThat(buckets.purge().block()).isZero();
        now = now.plus(MINUTE);
        assertThat(buckets.purge().block()).isEqualTo(1);
        assertThat(take(node, "party v-1", 5)).isEmpty();
    }

    private static Optional<Duration> take(Allowances node, String key, long capacity) {
        return node.take(key, capacity, MINUTE, 1).block(Duration.ofSeconds(30));
    }

    private Allowances node(String connection) {
        return new Allowances(buckets(connection), 100, MINUTE);
    }

    /** A node's own clients, as a server process makes them. */
    private SharedBuckets buckets(String connection) {
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connection)).build();
        var blocking = MongoClients.create(settings);
        var reactive = com.mongodb.reactivestreams.client.MongoClients.create(settings);
        clients.add(blocking);
        clients.add(reactive);
        return new SharedBuckets(new ReadModelDatabase(blocking.getDatabase(databaseName),
                reactive.getDatabase(databaseName)), clock);
    }
}

package livechat.api.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import livechat.embeddedmongo.EmbeddedMongo;
import org.axonframework.eventhandling.Segment;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which node claims a free processor: the least loaded of the live nodes, counting their live claims. */
class ProcessorSharesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    private static final List<Segment> FREE = List.of(Segment.ROOT_SEGMENT);

    @TempDir
    Path data;

    private EmbeddedMongo mongo;
    private MongoClient client;
    private MongoCollection<Document> nodes;
    private MongoCollection<Document> tokens;
    private NodeRegistry registry;
    private ProcessorShares shares;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", 0);
        client = MongoClients.create(mongo.connectionString());
        MongoDatabase database = client.getDatabase("livechat");
        nodes = database.getCollection(NodeRegistry.COLLECTION);
        tokens = database.getCollection("trackingtokens");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Node self = new Node("a", CLAIM_TIMEOUT);
        registry = new NodeRegistry(nodes, self, "log", false, "keys", clock);
        shares = new ProcessorShares(tokens, registry, self, clock);
    }

    @AfterEach
    void stop() {
        registry.close();
        client.close();
        mongo.close();
    }

    @Test
    void aNodeAloneClaimsEveryProcessor() {
        claimed("transcript", "a", NOW);
        claimed("agent-metrics", "a", NOW);

        assertThat(shares.claimable("dispute-audit", FREE)).isEqualTo(FREE);
        assertThat(shares.spread().held()).isEqualTo(Map.of("a", 2));
    }

    @Test
    void aFreeProcessorIsLeftToALiveNodeHoldingFewer() {
        live("b");
        claimed("transcript", "a", NOW);
        claimed("agent-metrics", "a", NOW);
        claimed("staff-directory", "b", NOW);

        assertThat(shares.claimable("dispute-audit", FREE)).isEmpty();

        claimed("canned-responses", "b", NOW);
        assertThat(shares.claimable("dispute-audit", FREE)).isEqualTo(FREE);
    }

    @Test
    void aProcessorThisNodeHoldsStaysClaimable() {
        live("b");
        claimed("transcript", "a", NOW);

        assertThat(shares.claimable("transcript", FREE)).isEqualTo(FREE);
    }

    @Test
    void claimsNotRenewedAndNodesNotRegisteredDoNotCount() {
        live("b");
        claimed("transcript", "a", NOW);
        // b's claim lapsed; c holds a claim but is not registered (stopped, or its registration expired).
        claimed("staff-directory", "b", NOW.minus(CLAIM_TIMEOUT).minusSeconds(1));
        claimed("agent-metrics", "c", NOW);
        nodes.insertOne(new Document("_id", "c").append("expiresAt", Date.from(NOW.minusSeconds(1))));

        assertThat(shares.spread().held()).isEqualTo(Map.of("a", 1, "b", 0));
        assertThat(shares.claimable("dispute-audit", FREE)).isEmpty();
    }

    @Test
    void theDispatcherIsNotCounted() {
        live("b");
        claimed("dispatcher", "b", NOW);
        claimed("__config", "b", NOW);

        assertThat(shares.spread().held()).isEqualTo(Map.of("a", 0, "b", 0));
        assertThat(shares.claimable("transcript", FREE)).isEqualTo(FREE);
    }

    @Test
    void nothingFreeIsNothingToClaim() {
        assertThat(shares.claimable("transcript", List.of())).isEmpty();
    }

    private void live(String node) {
        nodes.insertOne(new Document("_id", node).append("expiresAt", Date.from(NOW.plus(CLAIM_TIMEOUT))));
    }

    private void claimed(String processor, String owner, Instant at) {
        tokens.insertOne(new Document("processorName", processor).append("segment", 0).append("owner", owner)
                .append("timestamp", at.toEpochMilli()));
    }
}

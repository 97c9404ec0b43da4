package livechat.api.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import livechat.embeddedmongo.EmbeddedMongo;
import livechat.events.privacy.DataKeys;
import livechat.events.privacy.InMemoryKeyStore;
import livechat.events.privacy.KeyStore;
import livechat.events.privacy.MasterKey;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nodes on one shared log join only when they also share the key store: a node with keys of its own would seal
 * messages the others show as ciphertext, and open none of theirs.
 */
class NodeRegistryKeysTest {

    private static final String LOG = "postgres-log-hash";

    @TempDir
    Path data;

    @Test
    void aNodeWithAnotherKeyStoreIsRefusedAndOneSharingTheStoreJoins() {
        byte[] master = new byte[32];
        KeyStore shared = new InMemoryKeyStore();
        String fingerprint = new DataKeys(shared, new MasterKey(master)).fingerprint();
        String sameStore = new DataKeys(shared, new MasterKey(master)).fingerprint();
        String ownStore = new DataKeys(new InMemoryKeyStore(), new MasterKey(master)).fingerprint();
        assertThat(sameStore).isEqualTo(fingerprint);
        assertThat(ownStore).isNotEqualTo(fingerprint);

        try (EmbeddedMongo mongo = new EmbeddedMongo(data.resolve("readmodels.mv"), "127.0.0.1", 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> nodes = client.getDatabase("livechat").getCollection(NodeRegistry.COLLECTION);
            try (NodeRegistry first = register(nodes, "a", fingerprint)) {
                assertThatThrownBy(() -> register(nodes, "b", ownStore))
                        .isInstanceOf(NodeRegistry.Refused.class)
                        .hasMessage("Node b cannot join node a: they keep personal data under different data keys,"
                                + " so neither could read what the other seals.");
                register(nodes, "c", sameStore).close();
            }
        }
    }

    private static NodeRegistry register(MongoCollection<Document> nodes, String id, String keys) {
        return new NodeRegistry(nodes, new Node(id, Duration.ofSeconds(10)), LOG, false, keys, Clock.systemUTC());
    }
}

package livechat.query.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's unique indexes, ordered by value, find and guard what they must, also in a file that
 * mongo-java-server's stock backend wrote with its own index order.
 */
class ValueOrderedUniqueIndexTest {

    private static final int DOCUMENTS = 500;

    @TempDir
    Path dir;

    @Test
    void aFileWrittenByTheStockBackendIsReadAndGuardedThroughTheNewIndexes() {
        Path file = dir.resolve("readmodels.mv");
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        try (MongoClient client = MongoClients.create(stock.bindAndGetConnectionString())) {
            MongoCollection<Document> entries = entries(client);
            entries.createIndex(Indexes.ascending("conversation", "sequence"), new IndexOptions().unique(true));
            for (int n = 0; n < DOCUMENTS; n++) {
                entries.insertOne(new Document("_id", "c" + n % 7 + ":" + n).append("conversation", "c" + n % 7)
                        .append("sequence", (long) n));
            }
        } finally {
            stock.shutdownNow();
        }

        withEmbedded(file, this::assertFindsAndGuardsEveryDocument);
        withEmbedded(file, entries -> {
            entries.insertOne(new Document("_id", "late").append("conversation", "c9").append("sequence", 1L));
            assertThat(entries.find(Filters.eq("_id", "late")).first()).isNotNull();
        });
        withEmbedded(file, entries -> {
            assertFindsAndGuardsEveryDocument(entries);
            assertThat(entries.find(Filters.eq("_id", "late")).first()).as("written through the new index").isNotNull();
        });
    }

    @Test
    void numbersThatMongoDbCallsEqualAreOneKey() {
        withEmbedded(dir.resolve("readmodels.mv"), entries -> {
            entries.createIndex(Indexes.ascending("conversation", "sequence"), new IndexOptions().unique(true));
            entries.insertOne(new Document("conversation", "c").append("sequence", 1));
            assertThatThrownBy(() -> entries.insertOne(new Document("conversation", "c").append("sequence", 1.0)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThat(entries.find(Filters.and(Filters.eq("conversation", "c"), Filters.eq("sequence", 1L)))
                    .first()).isNotNull();
        });
    }

    private void assertFindsAndGuardsEveryDocument(MongoCollection<Document> entries) {
        for (int n = 0; n < DOCUMENTS; n++) {
            String id = "c" + n % 7 + ":" + n;
            Document found = entries.find(Filters.eq("_id", id)).first();
            assertThat(found).as(id).isNotNull();
            assertThat(found.getLong("sequence")).as(id).isEqualTo(n);
            assertThat(entries.find(Filters.and(Filters.eq("conversation", "c" + n % 7),
                    Filters.eq("sequence", (long) n))).first()).as("by the compound index: %s", id).isNotNull();
        }
        assertThatThrownBy(() -> entries.insertOne(new Document("_id", "c3:3")))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> entries.insertOne(new Document("_id", "other").append("conversation", "c3")
                .append("sequence", 3L)))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        assertThat(entries.countDocuments()).isGreaterThanOrEqualTo(DOCUMENTS);
    }

    private static void withEmbedded(Path file, Consumer<MongoCollection<Document>> use) {
        try (EmbeddedMongo store = new EmbeddedMongo(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            use.accept(entries(client));
        }
    }

    private static MongoCollection<Document> entries(MongoClient client) {
        return client.getDatabase("livechat").getCollection("entries");
    }
}

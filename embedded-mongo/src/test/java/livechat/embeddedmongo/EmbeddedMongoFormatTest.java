package livechat.embeddedmongo;

import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.RenameCollectionOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded store's own formats, documents in BSON and unique indexes ordered by value: they find and guard what
 * they must, across renames, drops and reopening, also in a file that mongo-java-server's stock backend wrote with
 * Java-serialized documents and its own index order.
 */
class EmbeddedMongoFormatTest {

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
    void indexesInTheFirstValueOrderedFormatAreDroppedAndBuiltAgain() {
        Path file = dir.resolve("readmodels.mv");
        withEmbedded(file, entries -> {
            entries.createIndex(Indexes.ascending("conversation", "sequence"), new IndexOptions().unique(true));
            for (int n = 0; n < DOCUMENTS; n++) {
                entries.insertOne(new Document("_id", "c" + n % 7 + ":" + n).append("conversation", "c" + n % 7)
                        .append("sequence", (long) n));
            }
        });
        // As the previous version left the file: the same indexes under the first format's names.
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        List<String> indexes = store.getMapNames().stream().filter(name -> name.endsWith("._by_value.v2")).toList();
        assertThat(indexes).hasSize(2);
        indexes.forEach(name -> store.renameMap(store.openMap(name,
                new MVMap.Builder<>().keyType(ValueOrderedUniqueIndex.KeysByValue.INSTANCE)),
                name.substring(0, name.length() - 3)));
        store.close();

        withEmbedded(file, this::assertFindsAndGuardsEveryDocument);

        MVStore reopened = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        assertThat(reopened.getMapNames()).filteredOn(name -> name.endsWith("._by_value")).isEmpty();
        reopened.close();
    }

    @Test
    void indexKeysKeepEveryKindOfValueTheirOrderDependsOn() {
        KeyValue key = new KeyValue("c-1", 7.0, 9_007_199_254_740_993L, null, new Date(1_700_000_000_000L),
                true, new de.bwaldvogel.mongo.bson.Document("nested", List.of(1.0, "two")));
        WriteBuffer buffer = new WriteBuffer();
        ValueOrderedUniqueIndex.KeysByValue.INSTANCE.write(buffer, key);
        ValueOrderedUniqueIndex.KeysByValue.INSTANCE.write(buffer, 42L);

        ByteBuffer written = buffer.getBuffer().flip();
        assertThat(ValueOrderedUniqueIndex.KeysByValue.INSTANCE.read(written)).isEqualTo(key);
        assertThat(ValueOrderedUniqueIndex.KeysByValue.INSTANCE.read(written)).isEqualTo(42L);
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

    @Test
    void aRenamedCollectionTakesItsDocumentsAndIndexesAlongAndADroppedOneIsGoneAfterReopening() {
        Path file = dir.resolve("readmodels.mv");
        Date at = new Date(1_700_000_000_000L);
        withDatabase(file, database -> {
            database.getCollection("entries").insertOne(new Document("_id", "old"));
            MongoCollection<Document> rebuilt = database.getCollection("entries_rebuild");
            rebuilt.insertOne(new Document("_id", "new").append("at", at).append("sequence", 7L));
            rebuilt.renameCollection(new MongoNamespace(database.getName(), "entries"),
                    new RenameCollectionOptions().dropTarget(true));
            // The next rebuild's collection of the old name starts with empty indexes, not the swapped one's.
            database.getCollection("entries_rebuild").insertOne(new Document("_id", "new"));
            database.getCollection("entries_rebuild").drop();
            assertThat(database.getCollection("entries").find(Filters.eq("_id", "new")).first()).isNotNull();
            database.getCollection("dropped").insertOne(new Document("_id", "x"));
            database.getCollection("dropped").drop();
        });
        withDatabase(file, database -> {
            assertThat(database.listCollectionNames().into(new ArrayList<>()))
                    .contains("entries").doesNotContain("entries_rebuild", "dropped");
            assertThat(database.getCollection("entries").find().into(new ArrayList<>())).containsExactly(
                    new Document("_id", "new").append("at", at).append("sequence", 7L));
            assertThat(database.getCollection("dropped").countDocuments()).isZero();
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

    @Test
    void openingAFileReadsNoDocumentForTheSecondaryIndexesItKeepsNot() {
        Path file = dir.resolve("readmodels.mv");
        String padding = "x".repeat(2_000);
        withEmbedded(file, entries -> {
            entries.createIndex(Indexes.ascending("day"));
            List<Document> batch = new ArrayList<>();
            for (int n = 0; n < 10_000; n++) {
                batch.add(new Document("_id", n).append("day", "d" + n % 30).append("padding", padding));
            }
            entries.insertMany(batch);
        });

        CrashConsistentH2Backend opened = new CrashConsistentH2Backend(file);
        try {
            // 20 MB of documents: walking them would fill the page cache with them.
            assertThat(opened.getMvStore().getCacheSizeUsed()).as("MB of pages read while opening").isLessThan(4);
        } finally {
            opened.close();
        }
        withEmbedded(file, entries -> assertThat(entries.countDocuments(Filters.eq("day", "d7")))
                .as("found by a scan").isEqualTo(10_000 / 30 + 1));
    }

    private static void withEmbedded(Path file, Consumer<MongoCollection<Document>> use) {
        withDatabase(file, database -> use.accept(database.getCollection("entries")));
    }

    private static void withDatabase(Path file, Consumer<MongoDatabase> use) {
        try (EmbeddedMongo store = new EmbeddedMongo(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            use.accept(client.getDatabase("livechat"));
        }
    }

    private static MongoCollection<Document> entries(MongoClient client) {
        return client.getDatabase("livechat").getCollection("entries");
    }
}

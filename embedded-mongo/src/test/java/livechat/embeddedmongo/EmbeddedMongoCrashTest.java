package livechat.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded read-model store survives a kill the way a projection needs: whatever token it kept, it kept every
 * document written before that token. A child JVM writes like a projection (a batch of documents, then its token)
 * until it is killed with SIGKILL at a different point each round, on the same file, and each round checks the file.
 * On mongo-java-server's own H2 backend the token survives a kill and the last documents before it do not.
 */
class EmbeddedMongoCrashTest {

    private static final int DOCUMENTS_PER_BATCH = 5;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    @TempDir
    Path dir;

    @Test
    void aKilledWriterNeverLeavesItsTokenAheadOfItsDocuments() throws Exception {
        Path file = dir.resolve("readmodels.mv");
        long token = 0;
        for (int round = 1; round <= 4; round++) {
            long killAfter = token + 700 + 211L * round;
            long reached = writeUntilKilled(file, killAfter);
            assertThat(reached).as("the writer reached its kill point").isGreaterThanOrEqualTo(killAfter);

            try (EmbeddedMongo store = new EmbeddedMongo(file, "127.0.0.1", 0);
                 MongoClient client = MongoClients.create(store.connectionString())) {
                MongoDatabase database = client.getDatabase(Writer.DATABASE);
                long kept = storedToken(database);
                TreeSet<Long> documents = new TreeSet<>();
                database.getCollection("documents").find().forEach(d -> documents.add(d.getLong("n")));

                assertThat(kept).as("round %d: the token kept, past the last round's", round).isGreaterThan(token);
                List<Long> missing = new ArrayList<>();
                for (long n = 0; n < (kept + 1) * DOCUMENTS_PER_BATCH; n++) {
                    if (!documents.contains(n)) {
                        missing.add(n);
                    }
                }
                assertThat(missing).as("round %d: documents the kept token %d covers", round, kept).isEmpty();
                token = kept;
            }
        }
    }

    /** Starts a writer on {@code file} and kills it once it reports having stored token {@code killAfter}. */
    private static long writeUntilKilled(Path file, long killAfter) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Writer.class.getName(), file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long reached = -1;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (reached < killAfter && (line = out.readLine()) != null) {
                if (line.startsWith(Writer.STORED)) {
                    reached = Long.parseLong(line.substring(Writer.STORED.length()));
                }
            }
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        return reached;
    }

    private static long storedToken(MongoDatabase database) {
        return Optional.ofNullable(database.getCollection("tokens").find(Filters.eq("_id", "writer")).first())
                .map(d -> d.getLong("token")).orElse(-1L);
    }

    /** Writes as a projection does, from where the stored token says, and prints each token once stored. */
    public static final class Writer {

        static final String DATABASE = "crash";
        static final String STORED = "stored token ";

        public static void main(String[] args) {
            EmbeddedMongo store = new EmbeddedMongo(Path.of(args[0]), "127.0.0.1", 0);
            try (MongoClient client = MongoClients.create(store.connectionString())) {
                MongoDatabase database = client.getDatabase(DATABASE);
                MongoCollection<Document> documents = database.getCollection("documents");
                MongoCollection<Document> tokens = database.getCollection("tokens");
                for (long batch = storedToken(database) + 1; ; batch++) {
                    List<WriteModel<Document>> writes = new ArrayList<>();
                    for (long n = batch * DOCUMENTS_PER_BATCH; n < (batch + 1) * DOCUMENTS_PER_BATCH; n++) {
                        writes.add(new UpdateOneModel<>(Filters.eq("_id", "document-" + n),
                                Updates.setOnInsert(new Document("n", n).append("text", "x".repeat(300))), UPSERT));
                    }
                    documents.bulkWrite(writes, new BulkWriteOptions().ordered(true));
                    tokens.updateOne(Filters.eq("_id", "writer"), Updates.set("token", batch), UPSERT);
                    System.out.println(STORED + batch);
                    System.out.flush();
                }
            }
        }
    }
}

package livechat.api.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import livechat.api.LivechatServer;
import livechat.api.store.AttachmentStore.StoredFile;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

import static livechat.api.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a file no conversation references takes several writes, and several deleters may delete the same file at
 * once (the redaction endpoint and {@code KeyShredding}, on one node or two): whichever answers, the file's bytes are
 * gone by then, and an upload of the same bytes meanwhile is stored anew and kept.
 */
class AttachmentStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void aDeleterFinishesTheDeletionAnotherBeganAndKeepsTheBytesUploadedAgainMeanwhile() throws IOException {
        try (LivechatServer server = LivechatServer.start(dataDir)) {
            AttachmentStore store = server.bean(AttachmentStore.class);
            MongoCollection<Document> files = server.bean(ReadModelDatabase.class).blocking()
                    .getCollection("attachments.files");
            MongoCollection<Document> chunks = server.bean(ReadModelDatabase.class).blocking()
                    .getCollection("attachments.chunks");
            byte[] bytes = new byte[600_000];
            new Random(7).nextBytes(bytes);
            Path content = Files.write(dataDir.resolve("upload"), bytes);
            String sha256 = sha256(bytes);
            StoredFile file = new StoredFile(sha256, "application/octet-stream", bytes.length);
            store.store(content, file, "c-1", "v-1");
            ObjectId first = files.find(Filters.eq("filename", sha256)).first().getObjectId("_id");
            assertThat(chunks.countDocuments(Filters.eq("files_id", first))).isEqualTo(3);

            // A deleter that has begun and not finished, still running or stopped.
            store.beginForgetting("c-1", Set.of(sha256));

            assertThat(store.download("c-1", sha256).blockOptional()).isEmpty();
            assertThat(chunks.countDocuments(Filters.eq("files_id", first))).isEqualTo(3);
            // The same bytes uploaded again meanwhile are stored again, apart from those being deleted.
            store.store(content, file, "c-2", "v-2");
            ObjectId second = files.find(Filters.eq("filename", sha256)).first().getObjectId("_id");
            assertThat(second).isNotEqualTo(first);

            // Another deleter of the same file answers once the first upload's bytes are gone.
            assertThat(store.forget("c-1", Set.of(sha256))).isEqualTo(1);

            assertThat(chunks.countDocuments(Filters.eq("files_id", first))).isZero();
            assertThat(files.countDocuments(Filters.eq("_id", first))).isZero();
            assertThat(store.download("c-2", sha256).blockOptional()).hasValueSatisfying(download -> {
                assertThat(download.file()).isEqualTo(file);
                assertThat(download.content().map(buffer -> buffer.remaining()).reduce(0, Integer::sum).block())
                        .isEqualTo(bytes.length);
            });
            assertThat(chunks.countDocuments(Filters.eq("files_id", second))).isEqualTo(3);
            assertThat(store.forget("c-1", Set.of(sha256))).isZero();
        }
    }
}

package livechat.api.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.gridfs.GridFSDownloadPublisher;
import livechat.query.projection.ReadModelDatabase;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The bytes of attachments, in the GridFS bucket {@code attachments} of the read-model database, one file per
 * content: its {@code filename} is the SHA-256 of the bytes (unique), so the same bytes are stored once however often
 * they are sent. The file's {@code metadata.conversations} lists each conversation it was uploaded to, with that
 * conversation's visitor: a download needs the conversation in that list. Erasing a visitor removes their
 * conversations from it, redacting the last message of a conversation that carries a file removes that
 * conversation, and a file no conversation references any more is deleted.
 * <p>
 * Adding a reference and marking an unreferenced file as being deleted are each one atomic operation on the file's
 * document, so an upload racing an erasure either adds its reference to the file before the erasure looks (the file
 * stays) or finds it gone and stores it again. A file's document is written only after all its chunks: a file is
 * never visible half-stored. A marked file's chunks are deleted before its document, by every deleter that finds it:
 * whichever of several (the endpoint, {@code KeyShredding}, another node) answers first, the bytes are gone.
 */
public final class AttachmentStore {

    public static final String BUCKET = "attachments";
    private static final String CONVERSATIONS = "metadata.conversations";
    /** On a file being deleted: the SHA-256 of its content, no longer its name. */
    private static final String ERASED = "metadata.erased";
    private static final int CHUNK_BYTES = 255 * 1024;
    private static final int UPLOAD_ATTEMPTS = 3;

    private final GridFSBucket bucket;
    private final com.mongodb.reactivestreams.client.gridfs.GridFSBucket reader;
    private final MongoCollection<Document> files;
    private final MongoCollection<Document> chunks;
    /** Set once the indexes exist; made at the first upload, so a server starts while its store is down. */
    private volatile boolean indexed;

    public AttachmentStore(ReadModelDatabase database) {
        this.bucket = GridFSBuckets.create(database.blocking(), BUCKET).withChunkSizeBytes(CHUNK_BYTES);
        this.reader = com.mongodb.reactivestreams.client.gridfs.GridFSBuckets.create(database.reactive(), BUCKET);
        this.files = database.blocking().getCollection(BUCKET + ".files");
        this.chunks = database.blocking().getCollection(BUCKET + ".chunks");
    }

    /** What a stored file is: its content's SHA-256, its type as sniffed from its bytes, and its length. */
    public record StoredFile(String sha256, String mediaType, long sizeBytes) {
    }

    /** A stored file's description and its bytes, read as they are sent. */
    public record Download(StoredFile file, Flux<ByteBuffer> content) {
    }

    private void createIndexes() {
        if (!indexed) {
            files.createIndex(Indexes.ascending("filename"), new IndexOptions().unique(true));
            files.createIndex(Indexes.ascending(CONVERSATIONS + ".visitorId"));
            indexed = true;
        }
    }

    /**
     * Stores the bytes in {@code content} (whose SHA-256 is {@code sha256}) unless the same bytes are stored already,
     * and records that {@code conversationId} of {@code visitorId} references them. Blocking.
     */
    public void store(Path content, StoredFile file, String conversationId, String visitorId) {
        createIndexes();
        Document reference = new Document("conversationId", conversationId).append("visitorId", visitorId);
        for (int attempt = 0; attempt < UPLOAD_ATTEMPTS; attempt++) {
            if (files.updateOne(Filters.eq("filename", file.sha256()), Updates.addToSet(CONVERSATIONS, reference))
                    .getMatchedCount() > 0) {
                return;
            }
            ObjectId id = new ObjectId();
            try (InputStream bytes = Files.newInputStream(content)) {
                bucket.uploadFromStream(new BsonObjectId(id), file.sha256(), bytes, new GridFSUploadOptions()
                        .metadata(new Document("mediaType", file.mediaType())
                                .append("conversations", List.of(reference))));
                return;
            } catch (MongoWriteException e) {
                // Another upload of the same bytes wrote its file first: this one's chunks go, its reference is added.
                chunks.deleteMany(Filters.eq("files_id", id));
                if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            } catch (IOException e) {
                chunks.deleteMany(Filters.eq("files_id", id));
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("The attachment " + file.sha256() + " was stored and deleted "
                + UPLOAD_ATTEMPTS + " times while being referenced; try again.");
    }

    /** The file with content {@code sha256}, if {@code conversationId} references it. */
    public Mono<Download> download(String conversationId, String sha256) {
        return Mono.from(reader.find(Filters.and(Filters.eq("filename", sha256),
                        Filters.eq(CONVERSATIONS + ".conversationId", conversationId))).first())
                .map(found -> {
                    GridFSDownloadPublisher bytes = reader.downloadToPublisher(found.getObjectId());
                    StoredFile file = new StoredFile(found.getFilename(),
                            found.getMetadata().getString("mediaType"), found.getLength());
                    return new Download(file, Flux.from(bytes));
                });
    }

    /**
     * Removes the references of {@code visitorId}'s conversations and deletes every file no conversation references
     * any more. Idempotent: asked again, it finds nothing of theirs. Blocking.
     *
     * @return how many files were deleted
     */
    public int eraseVisitor(String visitorId) {
        Bson theirs = Filters.eq(CONVERSATIONS + ".visitorId", visitorId);
        files.updateMany(theirs, Updates.pull(CONVERSATIONS, new Document("visitorId", visitorId)));
        markUnreferenced(Filters.empty());
        return deleteMarked(Filters.exists(ERASED));
    }

    /**
     * Removes {@code conversationId}'s reference from the files of content {@code sha256s} and deletes those no
     * conversation references any more. Idempotent. Blocking.
     *
     * @return how many files were deleted
     */
    public int forget(String conversationId, Collection<String> sha256s) {
        beginForgetting(conversationId, sha256s);
        return deleteMarked(Filters.in(ERASED, sha256s));
    }

    /** The first half of {@link #forget}: the files are no longer found, their chunks are still stored. */
    void beginForgetting(String conversationId, Collection<String> sha256s) {
        Bson named = Filters.in("filename", sha256s);
        files.updateMany(named, Updates.pull(CONVERSATIONS, new Document("conversationId", conversationId)));
        markUnreferenced(named);
    }

    /**
     * Marks the files {@code among} that no conversation references as being deleted, each in one atomic step with
     * that check: its name becomes {@code erased:<id>} (an upload of the same bytes then finds no file and stores them
     * anew) and {@link #ERASED} keeps the content's SHA-256.
     */
    private void markUnreferenced(Bson among) {
        Bson unreferenced = Filters.and(among, Filters.size(CONVERSATIONS, 0), Filters.exists(ERASED, false));
        for (Document file : files.find(unreferenced).projection(new Document("filename", 1))
                .into(new ArrayList<>())) {
            ObjectId id = file.getObjectId("_id");
            files.updateOne(Filters.and(Filters.eq("_id", id), unreferenced), Updates.combine(
                    Updates.set(ERASED, file.getString("filename")), Updates.set("filename", "erased:" + id)));
        }
    }

    /**
     * Deletes the chunks and then the document of every file {@code marked} as being deleted, whoever marked it: a
     * deleter that answers has finished the deletions of the same files that another one began, and a file whose
     * deleter stopped halfway is deleted by the next. A file's id is never stored again, so its chunks are its own.
     *
     * @return how many files' documents this call deleted
     */
    private int deleteMarked(Bson marked) {
        int deleted = 0;
        for (Document file : files.find(marked).projection(new Document("_id", 1)).into(new ArrayList<>())) {
            ObjectId id = file.getObjectId("_id");
            chunks.deleteMany(Filters.eq("files_id", id));
            deleted += (int) files.deleteOne(Filters.eq("_id", id)).getDeletedCount();
        }
        return deleted;
    }
}

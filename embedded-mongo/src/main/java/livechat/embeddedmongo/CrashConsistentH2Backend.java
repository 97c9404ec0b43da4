package livechat.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * mongo-java-server's H2 backend, changed so that a crash leaves the file as it stood between whole operations.
 * <p>
 * Out of the box its MVStore commits from a background thread about once a second, and a commit takes the maps'
 * roots one after another while operations go on, so after a kill a later write can survive while an earlier one is
 * lost: a projection's token ahead of the documents it covers, and those events never projected
 * ({@code EmbeddedMongoCrashTest} kills a loop that writes documents and then a token). Here the MVStore never
 * commits by itself: a committer thread commits while no operation runs, so every commit holds whole operations,
 * and an operation a client saw finish before it started another is in every commit that holds the other.
 * <p>
 * Read models are rebuilt from the event log, so losing the last commit interval to a crash costs only a re-run of
 * those batches; what must not happen is a token saved without its documents.
 * <p>
 * It keeps documents in BSON and its unique indexes, through which every {@code _id} lookup goes, are
 * {@link ValueOrderedUniqueIndex}es (see {@code Database}).
 */
final class CrashConsistentH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(CrashConsistentH2Backend.class);
    // A commit rewrites every page changed since the last one, encoding each page's documents: writes that land on
    // the same page within one interval are encoded once (H2's own default interval is the same).
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    // Reading a page back decodes all its documents, which costs more than keeping it; H2's default cache is 16 MB.
    private static final int CACHE_MB = 64;
    // H2's own housekeeping (off with auto-commit) rewrites chunks that fell below this fill rate, so the file does
    // not grow with every commit's stale pages.
    private static final int COMPACT_BELOW_FILL_RATE = 80;
    private static final int COMPACT_WRITE_LIMIT_BYTES = 4 << 20;

    private final ReentrantReadWriteLock operations = new ReentrantReadWriteLock();
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-model-committer");
        thread.setDaemon(true);
        return thread;
    });

    CrashConsistentH2Backend(Path file) {
        super(new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MB).autoCommitDisabled()
                .autoCommitBufferSize(0).open());
        committer.scheduleWithFixedDelay(this::commitBetweenOperations, COMMIT_INTERVAL.toMillis(),
                COMMIT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    // Drivers send every command as OP_MSG (handleMessage); OP_QUERY (handleQuery) is the legacy query path.
    @Override
    public Document handleMessage(MongoMessage message) {
        return duringOperation(() -> super.handleMessage(message));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return duringOperation(() -> super.handleQuery(query));
    }

    @Override
    public void dropDatabase(String database) {
        duringOperation(() -> {
            super.dropDatabase(database);
            return null;
        });
    }

    private <T> T duringOperation(Supplier<T> operation) {
        Lock lock = operations.readLock();
        lock.lock();
        try {
            return operation.get();
        } finally {
            lock.unlock();
        }
    }

    private void commitBetweenOperations() {
        Lock lock = operations.writeLock();
        lock.lock();
        try {
            commit();
            getMvStore().compact(COMPACT_BELOW_FILL_RATE, COMPACT_WRITE_LIMIT_BYTES);
        } catch (RuntimeException e) {
            // The next interval tries again; an MVStore that cannot write closes itself and fails every operation.
            log.error("Could not commit the read-model store", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /**
     * An H2 database whose documents are kept in BSON ({@link BsonDocuments}) and whose unique indexes are
     * {@link ValueOrderedUniqueIndex}es, instead of H2's Java serialization. Both kinds of map have names of their
     * own, so a file written in the stock formats is never read as these: a collection whose BSON map is empty takes
     * the documents of its stock map over, and a collection that opens an empty index fills it from its
     * documents.
     */
    private final class Database extends H2Database {

        private static final String MAP_SUFFIX = "._by_value.v2";
        // Index maps in the format that Java-serializes each key whole: one found is dropped, and the index
        // refills from the documents.
        private static final String FIRST_MAP_SUFFIX = "._by_value";
        // mongo-java-server's names: the backend finds its databases by the data maps' prefix when it opens a file.
        private static final String DATA_PREFIX = "databases.";
        private static final String META_PREFIX = "meta.";
        private static final String INDEX_INFIX = "._index_";
        private static final String BSON_SUFFIX = ".bson";

        Database(String databaseName) {
            // An inner class: the super constructor opens the indexes, which reach the store through the backend.
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        /**
         * H2Database renames a moved collection's maps under the name the collection already has after the move,
         * that is not at all: the documents of a collection swapped in by a rebuild would stay under its old name,
         * and the next start would find the collection empty; its index maps would stay too, for a later collection
         * of the old name to find full. Here every map of the collection moves with it.
         */
        @Override
        public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
            String oldName = collection.getFullName();
            super.moveCollection(oldDatabase, collection, newCollectionName);
            String newName = getFullCollectionNamespace(newCollectionName);
            moveMap(dataMapName(oldName), dataMapName(newName));
            moveMap(META_PREFIX + oldName, META_PREFIX + newName);
            String indexPrefix = oldName + INDEX_INFIX;
            getMvStore().getMapNames().stream().filter(name -> name.startsWith(indexPrefix)).toList()
                    .forEach(name -> moveMap(name, newName + name.substring(oldName.length())));
        }

        private void moveMap(String from, String to) {
            MVStore store = getMvStore();
            if (!store.hasMap(from)) {
                return;
            }
            // What H2Database opened under the new name is empty; the target collection was dropped before.
            store.removeMap(to);
            store.renameMap(store.openMap(from), to);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = getMvStore().openMap(dataMapName(fullName),
                    new MVMap.Builder<Object, Document>().valueType(BsonDocuments.INSTANCE));
            String javaSerialized = DATA_PREFIX + fullName;
            if (data.isEmpty() && getMvStore().hasMap(javaSerialized)) {
                MVMap<Object, Document> old = getMvStore().openMap(javaSerialized);
                data.putAll(old);
                getMvStore().removeMap(old);
            }
            return new H2Collection(this, collectionName, options, data,
                    getMvStore().openMap(META_PREFIX + fullName), cursorRegistry);
        }

        @Override
        public void dropCollection(String collectionName, Oplog oplog) {
            super.dropCollection(collectionName, oplog);
            getMvStore().removeMap(dataMapName(getFullCollectionNamespace(collectionName)));
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            String firstFormat = mapName(collectionName, indexName, FIRST_MAP_SUFFIX);
            if (getMvStore().hasMap(firstFormat)) {
                getMvStore().removeMap(firstFormat);
            }
            return new ValueOrderedUniqueIndex(getMvStore(), mapName(collectionName, indexName, MAP_SUFFIX),
                    indexName, keys, sparse);
        }

        /**
         * A secondary index is declared for a real MongoDB and kept by nobody here (queries on it scan). It says it
         * is not empty, so that opening the file does not walk every document of its collection twice to fill an
         * index that keeps nothing: at a million events that walk took longer than the rest of the start.
         */
        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName,
                                                           List<IndexKey> keys, boolean sparse) {
            return new EmptyIndex<>(indexName, keys) {
                @Override
                public boolean isEmpty() {
                    return false;
                }
            };
        }

        @Override
        protected void dropIndex(MongoCollection<Object> collection, String indexName) {
            super.dropIndex(collection, indexName);
            getMvStore().removeMap(mapName(collection.getCollectionName(), indexName, MAP_SUFFIX));
        }

        private static String dataMapName(String fullCollectionName) {
            return DATA_PREFIX + fullCollectionName + BSON_SUFFIX;
        }

        private String mapName(String collectionName, String indexName, String suffix) {
            return getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName + suffix;
        }
    }

    @Override
    public void close() {
        committer.shutdown();
        try {
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Lock lock = operations.writeLock();
        lock.lock();
        try {
            super.close();
        } finally {
            lock.unlock();
        }
    }
}

package livechat.query.projection;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one read model lives: a subclass names its collections and declares their indexes; projections write through
 * {@link #writer} (the blocking driver, on Axon's threads) and queries read through {@link #reader} (the reactive
 * one). Each name stands for one collection object per driver for the life of this object, so the writes a batch
 * queues for a collection are grouped as one (see {@link MongoProjection#write}).
 */
public abstract class ReadModelCollections implements IndexedReadModel {

    private final ReadModelDatabase database;
    private final Map<String, MongoCollection<Document>> writers = new LinkedHashMap<>();
    private final Map<String, com.mongodb.reactivestreams.client.MongoCollection<Document>> readers =
            new LinkedHashMap<>();

    protected ReadModelCollections(ReadModelDatabase database, List<String> names) {
        this.database = database;
        for (String name : names) {
            writers.put(name, database.collection(name));
            readers.put(name, database.reader(name));
        }
    }

    /** The database the collections are in, with its collection suffix. */
    public final ReadModelDatabase database() {
        return database;
    }

    /** The collection {@code name} of this read model, for writing. */
    public final MongoCollection<Document> writer(String name) {
        return named(writers, name);
    }

    /** The collection {@code name} of this read model, for reading without blocking. */
    public final com.mongodb.reactivestreams.client.MongoCollection<Document> reader(String name) {
        return named(readers, name);
    }

    private static <C> C named(Map<String, C> collections, String name) {
        C collection = collections.get(name);
        if (collection == null) {
            throw new IllegalArgumentException("no collection " + name + " in this read model: "
                    + collections.keySet());
        }
        return collection;
    }
}

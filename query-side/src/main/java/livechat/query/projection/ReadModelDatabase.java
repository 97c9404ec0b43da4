package livechat.query.projection;

import org.bson.Document;

/**
 * The read-model database seen through both MongoDB drivers: projections run on Axon's threads and write in
 * blocking batches; the HTTP side reads without blocking. Every read-model collection name gets
 * {@code collectionSuffix} appended, so a replay tool can build a read model beside the live one (blue/green) and
 * swap it in by renaming.
 */
public record ReadModelDatabase(com.mongodb.client.MongoDatabase blocking,
                                com.mongodb.reactivestreams.client.MongoDatabase reactive,
                                String collectionSuffix) {

    public ReadModelDatabase(com.mongodb.client.MongoDatabase blocking,
                             com.mongodb.reactivestreams.client.MongoDatabase reactive) {
        this(blocking, reactive, "");
    }

    /** The same database with {@code suffix} appended to every read-model collection name. */
    public ReadModelDatabase withCollectionSuffix(String suffix) {
        return new ReadModelDatabase(blocking, reactive, suffix);
    }

    /** The live read models, which the server's projections keep; a suffixed copy is a rebuild beside them. */
    public boolean isLive() {
        return collectionSuffix.isEmpty();
    }

    /**
     * Where a replay tool asks the live projections to hold their writes while it swaps a rebuilt read model in
     * (see {@link MongoProjection}); one document per processing group.
     */
    public com.mongodb.client.MongoCollection<Document> pauses() {
        return blocking.getCollection("projection_pauses");
    }

    public com.mongodb.client.MongoCollection<Document> collection(String name) {
        return blocking.getCollection(name + collectionSuffix);
    }

    public com.mongodb.reactivestreams.client.MongoCollection<Document> reader(String name) {
        return reactive.getCollection(name + collectionSuffix);
    }
}

package livechat.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.List;

/**
 * A read model that declares the indexes its queries need, so that whoever builds it (the server, the replay tool,
 * a test) creates them the same way: {@link #ensureIndexes()}.
 */
public interface IndexedReadModel {

    /** An index of {@code keys} on {@code collection}. */
    record Index(MongoCollection<Document> collection, Bson keys, IndexOptions options) {

        public Index(MongoCollection<Document> collection, Bson keys) {
            this(collection, keys, new IndexOptions());
        }
    }

    /** Every index the read model's queries and projections rely on. */
    List<Index> indexes();

    /** Creates the declared indexes that do not exist yet; safe to call on every start. */
    default void ensureIndexes() {
        indexes().forEach(index -> index.collection().createIndex(index.keys(), index.options()));
    }
}

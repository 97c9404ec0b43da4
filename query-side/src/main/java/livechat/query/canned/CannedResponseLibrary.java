package livechat.query.canned;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;

/** Answers the canned-response library without blocking. */
public final class CannedResponseLibrary {

    private final com.mongodb.reactivestreams.client.MongoCollection<Document> library;

    public CannedResponseLibrary(ReadModelDatabase database) {
        library = database.reader(CannedResponseLibraryProjection.LIBRARY);
    }

    public Flux<CannedResponseView> handle(FindCannedResponses query) {
        return Flux.from(library.find(Filters.eq("removed", false)).sort(Sorts.ascending("_id")))
                .map(d -> new CannedResponseView(d.getString("_id"), d.getString("title"), d.getString("text")));
    }
}

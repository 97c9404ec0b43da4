package livechat.query.canned;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import livechat.events.canned.CannedResponseEvent.CannedResponseRemoved;
import livechat.events.canned.CannedResponseEvent.CannedResponseSaved;
import livechat.query.projection.MongoProjection;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;

import java.util.List;

/** Projects the canned-response library into one document per key. */
@ProcessingGroup(CannedResponseLibraryProjection.PROCESSING_GROUP)
public class CannedResponseLibraryProjection extends MongoProjection {

    public static final String PROCESSING_GROUP = "canned-responses";
    static final String LIBRARY = "canned_responses";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> COLLECTIONS = List.of(LIBRARY);

    private final MongoCollection<Document> library;

    public CannedResponseLibraryProjection(ReadModelDatabase database) {
        super(database);
        library = database.collection(LIBRARY);
    }

    @EventHandler
    void on(CannedResponseSaved event, @SequenceNumber Long sequence) {
        // The first save creates the document; later ones (and a save after a removal) go through the guard.
        write(library, new UpdateOneModel<>(Filters.eq("_id", event.key()),
                Updates.setOnInsert(LAST_SEQUENCE, -1L), new UpdateOptions().upsert(true)));
        writeIfNewer(library, event.key(), sequence, Updates.combine(Updates.set("title", event.title()),
                Updates.set("text", event.text()), Updates.set("removed", false)));
    }

    @EventHandler
    void on(CannedResponseRemoved event, @SequenceNumber Long sequence) {
        writeIfNewer(library, event.key(), sequence, Updates.set("removed", true));
    }
}

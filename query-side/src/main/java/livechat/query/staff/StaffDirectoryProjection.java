package livechat.query.staff;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import livechat.events.staff.StaffEvent.StaffAccountCreated;
import livechat.events.staff.StaffEvent.StaffAccountDisabled;
import livechat.events.staff.StaffEvent.StaffAccountEnabled;
import livechat.events.staff.StaffEvent.StaffRolesChanged;
import livechat.query.projection.MongoProjection;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;

import java.util.List;

/**
 * Projects staff accounts into the staff directory: one document per username with its roles and whether it is
 * disabled. Sign-in and every staff request consult it; it holds nothing secret (passwords are in
 * {@link StaffCredentials}, which is no read model).
 */
@ProcessingGroup(StaffDirectoryProjection.PROCESSING_GROUP)
public class StaffDirectoryProjection extends MongoProjection {

    public static final String PROCESSING_GROUP = "staff-directory";
    static final String STAFF = "staff";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> COLLECTIONS = List.of(STAFF);

    private final MongoCollection<Document> staff;

    public StaffDirectoryProjection(ReadModelDatabase database) {
        super(database);
        staff = database.collection(STAFF);
    }

    @EventHandler
    void on(StaffAccountCreated event, @SequenceNumber Long sequence) {
        write(staff, new UpdateOneModel<>(Filters.eq("_id", event.username()),
                Updates.setOnInsert(new Document("roles", List.copyOf(event.roles()))
                        .append("disabled", false)
                        .append(LAST_SEQUENCE, sequence)), new UpdateOptions().upsert(true)));
    }

    @EventHandler
    void on(StaffRolesChanged event, @SequenceNumber Long sequence) {
        writeIfNewer(staff, event.username(), sequence, Updates.set("roles", List.copyOf(event.roles())));
    }

    @EventHandler
    void on(StaffAccountDisabled event, @SequenceNumber Long sequence) {
        writeIfNewer(staff, event.username(), sequence, Updates.set("disabled", true));
    }

    @EventHandler
    void on(StaffAccountEnabled event, @SequenceNumber Long sequence) {
        writeIfNewer(staff, event.username(), sequence, Updates.set("disabled", false));
    }
}

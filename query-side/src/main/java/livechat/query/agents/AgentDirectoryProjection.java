package livechat.query.agents;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import livechat.events.agent.AgentEvent.AgentCapacityChanged;
import livechat.events.agent.AgentEvent.AgentRegistered;
import livechat.events.agent.AgentEvent.AgentReleased;
import livechat.events.agent.AgentEvent.AgentReserved;
import livechat.events.agent.AgentEvent.AgentSkillsChanged;
import livechat.events.agent.AgentEvent.AgentStatusChanged;
import livechat.query.projection.IndexedReadModel;
import livechat.query.projection.MongoProjection;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;

import java.util.List;

/** Projects agents into one document each: profile, status and the conversations they hold. */
@ProcessingGroup(AgentDirectoryProjection.PROCESSING_GROUP)
public class AgentDirectoryProjection extends MongoProjection implements IndexedReadModel {

    public static final String PROCESSING_GROUP = "agent-directory";
    static final String AGENTS = "agents";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> COLLECTIONS = List.of(AGENTS);

    private final MongoCollection<Document> agents;

    public AgentDirectoryProjection(ReadModelDatabase database) {
        super(database);
        agents = database.collection(AGENTS);
    }

    @Override
    public List<Index> indexes() {
        return List.of(new Index(agents, Indexes.ascending("status")));
    }

    @EventHandler
    void on(AgentRegistered event, @SequenceNumber Long sequence) {
        write(agents, new UpdateOneModel<>(Filters.eq("_id", event.agentId()),
                Updates.setOnInsert(new Document("name", event.name())
                        .append("skills", List.copyOf(event.skills()))
                        .append("capacity", event.capacity())
                        .append("status", "OFFLINE")
                        .append("openConversations", List.of())
                        .append(LAST_SEQUENCE, sequence)), new UpdateOptions().upsert(true)));
    }

    @EventHandler
    void on(AgentSkillsChanged event, @SequenceNumber Long sequence) {
        writeIfNewer(agents, event.agentId(), sequence, Updates.set("skills", List.copyOf(event.skills())));
    }

    @EventHandler
    void on(AgentCapacityChanged event, @SequenceNumber Long sequence) {
        writeIfNewer(agents, event.agentId(), sequence, Updates.set("capacity", event.capacity()));
    }

    @EventHandler
    void on(AgentStatusChanged event, @SequenceNumber Long sequence) {
        writeIfNewer(agents, event.agentId(), sequence, Updates.set("status", event.status().name()));
    }

    @EventHandler
    void on(AgentReserved event, @SequenceNumber Long sequence) {
        writeIfNewer(agents, event.agentId(), sequence, Updates.addToSet("openConversations",
                event.conversationId()));
    }

    @EventHandler
    void on(AgentReleased event, @SequenceNumber Long sequence) {
        writeIfNewer(agents, event.agentId(), sequence, Updates.pull("openConversations", event.conversationId()));
    }
}

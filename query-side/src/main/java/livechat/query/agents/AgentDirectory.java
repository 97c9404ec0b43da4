package livechat.query.agents;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/** Answers agent queries from the directory read model without blocking. */
public final class AgentDirectory {

    private final com.mongodb.reactivestreams.client.MongoCollection<Document> agents;

    public AgentDirectory(ReadModelDatabase database) {
        agents = database.reader(AgentDirectoryProjection.AGENTS);
    }

    public Mono<AgentProfile> handle(FindAgentProfile query) {
        return Mono.from(agents.find(Filters.eq("_id", query.agentId())).first()).map(AgentDirectory::profile);
    }

    public Flux<AgentProfile> handle(FindAgentProfiles query) {
        return Flux.from(agents.find(query.status() == null ? new Document() : Filters.eq("status", query.status()))
                .sort(Sorts.ascending("_id"))).map(AgentDirectory::profile);
    }

    private static AgentProfile profile(Document document) {
        List<String> open = document.getList("openConversations", String.class);
        return new AgentProfile(document.getString("_id"), document.getString("name"),
                document.getList("skills", String.class), document.getInteger("capacity"),
                document.getString("status"), open, open.size());
    }
}

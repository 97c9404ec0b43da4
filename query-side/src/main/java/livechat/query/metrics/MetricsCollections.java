package livechat.query.metrics;

import com.mongodb.client.model.Indexes;
import livechat.query.projection.ReadModelCollections;
import livechat.query.projection.ReadModelDatabase;

import java.util.List;

/**
 * Where the agent metrics live: one document per fact (keyed by the event it came from), one small state document
 * per conversation (what the next event needs to know: the open period, who holds it, since when the visitor
 * waits), and one per agent (their name).
 */
public final class MetricsCollections extends ReadModelCollections {

    static final String FACTS = "metric_facts";
    static final String CONVERSATIONS = "metric_conversations";
    static final String AGENTS = "metric_agents";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> NAMES = List.of(FACTS, CONVERSATIONS, AGENTS);

    public MetricsCollections(ReadModelDatabase database) {
        super(database, NAMES);
    }

    @Override
    public List<Index> indexes() {
        return List.of(
                new Index(writer(FACTS), Indexes.ascending("agentId", "day")),
                new Index(writer(FACTS), Indexes.ascending("day")),
                new Index(writer(FACTS), Indexes.ascending("conversationId", "at")));
    }
}

package livechat.query.metrics;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import livechat.query.projection.ReadModelDatabase;
import org.bson.Document;

import java.util.List;

/**
 * Where the agent metrics live: one document per fact (keyed by the event it came from), one small state document
 * per conversation (what the next event needs to know: the open period, who holds it, since when the visitor
 * waits), and one per agent (their name).
 */
public final class MetricsCollections {

    static final String FACTS = "metric_facts";
    static final String CONVERSATIONS = "metric_conversations";
    static final String AGENTS = "metric_agents";
    /** Every collection of the read model, for tools that rebuild or compare it as a whole. */
    public static final List<String> NAMES = List.of(FACTS, CONVERSATIONS, AGENTS);

    final MongoCollection<Document> facts;
    final MongoCollection<Document> conversations;
    final MongoCollection<Document> agents;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> factsReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> agentsReader;
    final com.mongodb.reactivestreams.client.MongoCollection<Document> conversationsReader;

    final ReadModelDatabase database;

    public MetricsCollections(ReadModelDatabase database) {
        this.database = database;
        facts = database.collection(FACTS);
        conversations = database.collection(CONVERSATIONS);
        agents = database.collection(AGENTS);
        factsReader = database.reader(FACTS);
        agentsReader = database.reader(AGENTS);
        conversationsReader = database.reader(CONVERSATIONS);
    }

    /** Declares the indexes the queries need; safe to call on every start. */
    public void ensureIndexes() {
        facts.createIndex(Indexes.ascending("agentId", "day"));
        facts.createIndex(Indexes.ascending("day"));
        facts.createIndex(Indexes.ascending("conversationId", "at"));
    }
}

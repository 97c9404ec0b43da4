package livechat.api.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import livechat.command.assignment.Dispatcher;
import org.axonframework.eventhandling.Segment;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processors spread over the live nodes. Each processor has one segment (application.yml says why), and a node
 * claims every free segment it finds, so the first node to start would run every projection alone for as long as it
 * lives. Instead, a node claims a free processor only while no live node holds fewer than it does
 * ({@link #mayClaim}), and one holding two or more above the least loaded node gives processors back
 * ({@link ProcessorBalance}). A free processor that this node has seen untaken for {@link #UNTAKEN} is claimed
 * anyway, so a node that is registered but claims nothing cannot leave a projection idle. Counts are of the live
 * claims in the token store, by the nodes registered as live ({@link NodeRegistry}); the dispatcher runs where its
 * lease is and is not counted.
 */
final class ProcessorShares {

    private static final Duration UNTAKEN = Duration.ofSeconds(10);
    private static final List<String> NOT_COUNTED = List.of("__config", Dispatcher.PROCESSING_GROUP);

    private final MongoCollection<Document> tokens;
    private final NodeRegistry nodes;
    private final Node node;
    private final Clock clock;
    /** A processor this node has seen free and not claimed, and since when ({@link System#nanoTime}). */
    private final Map<String, Long> seenFree = new ConcurrentHashMap<>();

    /** @param tokens the token store's collection */
    ProcessorShares(MongoCollection<Document> tokens, NodeRegistry nodes, Node node, Clock clock) {
        this.tokens = tokens;
        this.nodes = nodes;
        this.node = node;
        this.clock = clock;
    }

    /** What each live node holds, this one's processors by name. */
    record Spread(String self, Map<String, Integer> held, Set<String> mine) {

        int own() {
            return held.get(self);
        }

        /** The fewest processors a live node other than this one holds; empty when this node is alone. */
        OptionalInt leastOfOthers() {
            return held.entrySet().stream().filter(other -> !other.getKey().equals(self))
                    .mapToInt(Map.Entry::getValue).min();
        }
    }

    Spread spread() {
        Map<String, Integer> held = new HashMap<>();
        nodes.liveIds().forEach(id -> held.put(id, 0));
        held.putIfAbsent(node.id(), 0);
        Set<String> mine = new HashSet<>();
        long alive = clock.millis() - node.claimTimeout().toMillis();
        for (Document token : tokens.find(Filters.and(Filters.nin("processorName", NOT_COUNTED),
                Filters.ne("owner", null), Filters.gt("timestamp", alive)))) {
            String owner = token.getString("owner");
            held.computeIfPresent(owner, (id, count) -> count + 1);
            if (node.id().equals(owner)) {
                mine.add(token.getString("processorName"));
            }
        }
        return new Spread(node.id(), held, mine);
    }

    /**
     * Of {@code available}, the segments of {@code processor} the token store offers this node, those it may claim
     * now: all of them, or none while other nodes should take them first.
     */
    List<Segment> claimable(String processor, List<Segment> available) {
        if (available.isEmpty()) {
            seenFree.remove(processor);
            return available;
        }
        return mayClaim(processor) ? available : List.of();
    }

    /**
     * Whether this node may claim {@code processor}'s free segment: it holds it already, no live node holds fewer
     * processors than this one, or it has seen the processor free for {@link #UNTAKEN}. While the store cannot say,
     * it may.
     */
    private boolean mayClaim(String processor) {
        try {
            Spread spread = spread();
            if (spread.mine().contains(processor)
                    || spread.leastOfOthers().orElse(Integer.MAX_VALUE) >= spread.own()) {
                seenFree.remove(processor);
                return true;
            }
            long now = System.nanoTime();
            if (now - seenFree.computeIfAbsent(processor, name -> now) > UNTAKEN.toNanos()) {
                seenFree.remove(processor);
                return true;
            }
            return false;
        } catch (RuntimeException storeDown) {
            return true;
        }
    }
}

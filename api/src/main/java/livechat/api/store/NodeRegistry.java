package livechat.api.store;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The nodes that share a read-model database, each registered in {@code nodes} with the event log it writes and an
 * expiry it renews. A node refuses to start beside a live node it cannot share the stores with: when either writes
 * the embedded H2 file (which belongs to one process), when they write different logs, or when they keep personal
 * data under different data keys (each would seal what the other cannot open). The H2 file is named by host
 * and path, so a node restarted on its own data folder (which {@link DataFolderLock} holds for one process) is not
 * kept out by its own earlier registration. With the read-model store unreachable at start the check is skipped
 * after the store's timeout, as the server starts without the store.
 */
final class NodeRegistry implements AutoCloseable {

    static final String COLLECTION = "nodes";
    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

    private final MongoCollection<Document> nodes;
    private final Node node;
    private final Document registration;
    private final Clock clock;
    private final ScheduledExecutorService renewals =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("node-registration"));

    /**
     * @param eventLog the event log this node writes, as a hash (its location may hold a password)
     * @param dataKeys the key store's fingerprint ({@code DataKeys#fingerprint})
     */
    NodeRegistry(MongoCollection<Document> nodes, Node node, String eventLog, boolean embeddedLog, String dataKeys,
                 Clock clock) {
        this.nodes = nodes;
        this.node = node;
        this.clock = clock;
        this.registration = new Document("eventLog", eventLog).append("embedded", embeddedLog)
                .append("dataKeys", dataKeys);
        try {
            refuseBesideIncompatibleNodes(embeddedLog, eventLog, dataKeys);
        } catch (MongoException unreachable) {
            log.warn("Other nodes sharing the read-model store cannot be checked ({})", unreachable.getMessage());
        }
        renew();
        long every = Math.max(1, node.claimTimeout().toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void refuseBesideIncompatibleNodes(boolean embeddedLog, String eventLog, String dataKeys) {
        for (Document other : nodes.find(Filters.and(Filters.ne("_id", node.id()),
                Filters.gt("expiresAt", Date.from(clock.instant()))))) {
            boolean sameLog = eventLog.equals(other.getString("eventLog"));
            boolean otherEmbedded = other.getBoolean("embedded", false);
            if (embeddedLog && otherEmbedded && sameLog) {
                continue;
            }
            String otherId = other.getString("_id");
            if (embeddedLog || otherEmbedded) {
                throw new Refused(node.id() + " cannot join node " + otherId + ": one of them writes the embedded"
                        + " H2 event log, which belongs to one process.");
            }
            if (!sameLog) {
                throw new Refused(node.id() + " cannot join node " + otherId + ": they write different event logs"
                        + " into the same read-model database.");
            }
            if (!dataKeys.equals(other.getString("dataKeys"))) {
                throw new Refused(node.id() + " cannot join node " + otherId + ": they keep personal data under"
                        + " different data keys, so neither could read what the other seals.");
            }
        }
    }

    /** The ids of the nodes registered and not expired; empty while the store cannot say. */
    List<String> liveIds() {
        try {
            return nodes.find(Filters.gt("expiresAt", Date.from(clock.instant())))
                    .map(registered -> registered.getString("_id")).into(new ArrayList<>());
        } catch (RuntimeException storeDown) {
            return List.of();
        }
    }

    private void renew() {
        try {
            nodes.replaceOne(Filters.eq("_id", node.id()), new Document(registration).append("_id", node.id())
                            .append("expiresAt", Date.from(clock.instant().plus(node.claimTimeout()))),
                    new ReplaceOptions().upsert(true));
        } catch (RuntimeException storeDown) {
            log.debug("This node's registration was not renewed this time", storeDown);
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        try {
            nodes.deleteOne(Filters.eq("_id", node.id()));
        } catch (RuntimeException storeDown) {
            log.debug("This node's registration was left to expire", storeDown);
        }
    }

    /** A live node this one cannot share the stores with. */
    static final class Refused extends IllegalStateException {

        Refused(String why) {
            super("Node " + why);
        }
    }

    /** Says it in one line, with what to do, instead of a stack trace. */
    public static final class RefusedAnalyzer extends AbstractFailureAnalyzer<Refused> {

        @Override
        protected FailureAnalysis analyze(Throwable root, Refused cause) {
            return new FailureAnalysis(cause.getMessage(), "Give every node the same LIVECHAT_EVENTSTORE on PostgreSQL"
                    + " or KurrentDB and the same key store (LIVECHAT_PRIVACY_DATA_DIR, or the same key service), or"
                    + " give this node a read-model database of its own (LIVECHAT_MONGODB_URI).", cause);
        }
    }
}

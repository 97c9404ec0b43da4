package livechat.api.store;

import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import livechat.query.projection.IndexedReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Whether the read-model store can be used: the driver sees a writable server, and every read model's indexes exist
 * there. The driver's own monitor reports reachability without any request waiting for it; the indexes are created
 * in the background each time the store becomes reachable, so a store that is down at start holds nothing up. The
 * log gets one line when the store becomes unusable and one when it is back.
 * <p>
 * Projections must not write before their unique indexes exist (they are what makes a redelivered event harmless),
 * so processors claim nothing until this says {@link #ready()} (see {@link ReadModelTokenStore}).
 */
public final class ReadModelAvailability implements ClusterListener, SmartInitializingSingleton, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadModelAvailability.class);

    private final Supplier<List<IndexedReadModel>> readModels;
    private final String location;
    private final long startWaitEnds;
    private final ExecutorService indexing =
            Executors.newSingleThreadExecutor(DaemonThreads.named("read-model-indexes"));
    private final Object lock = new Object();
    /** Set once every bean exists: the read models are looked up only then. */
    private boolean armed;
    private boolean reachable;
    private boolean indexed;
    /** Whether a loss of the store has been logged and its return not yet. */
    private boolean reportedDown;
    private String lastFailure = "not connected yet";

    /**
     * @param readModels every read model whose indexes must exist, looked up when the store is first reachable
     * @param location   where the store is, for the log (no credentials)
     * @param startWait  how long the start waits for the store before it goes on without it
     */
    public ReadModelAvailability(Supplier<List<IndexedReadModel>> readModels, String location, Duration startWait) {
        this.readModels = readModels;
        this.location = location;
        this.startWaitEnds = System.nanoTime() + startWait.toNanos();
    }

    @Override
    public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
        boolean writable = event.getNewDescription().hasWritableServer();
        synchronized (lock) {
            if (!writable) {
                lastFailure = event.getNewDescription().getServerDescriptions().stream()
                        .filter(server -> server.getException() != null)
                        .map(server -> server.getAddress() + ": " + server.getException().getMessage())
                        .findFirst().orElse("no writable server");
            }
            if (writable == reachable) {
                return;
            }
            reachable = writable;
            if (!writable) {
                indexed = false;
                if (!reportedDown) {
                    reportedDown = true;
                    log.warn("The read-model store at {} cannot be reached ({}); projections wait and queries "
                            + "answer 503 until it is back", location, lastFailure);
                }
                lock.notifyAll();
                return;
            }
            if (!armed) {
                return;
            }
        }
        indexing.execute(this::createIndexes);
    }

    @Override
    public void afterSingletonsInstantiated() {
        synchronized (lock) {
            armed = true;
            if (!reachable) {
                return;
            }
        }
        indexing.execute(this::createIndexes);
    }

    private void createIndexes() {
        try {
            readModels.get().forEach(IndexedReadModel::ensureIndexes);
        } catch (RuntimeException e) {
            // The store went away again: its next return starts over.
            log.debug("Read-model indexes not created", e);
            return;
        }
        synchronized (lock) {
            if (!reachable) {
                return;
            }
            indexed = true;
            if (reportedDown) {
                reportedDown = false;
                log.info("The read-model store at {} is reachable again; projections resume", location);
            }
            lock.notifyAll();
        }
    }

    /** Whether the store is reachable and every read model's indexes exist. */
    public boolean ready() {
        synchronized (lock) {
            return reachable && indexed;
        }
    }

    /**
     * {@link #ready()}, waiting for it while the server starts (a store coming up with the server); once the start's
     * wait is over, answers at once.
     */
    public boolean readyOrStartWaitOver() throws InterruptedException {
        synchronized (lock) {
            while (!(reachable && indexed)) {
                long left = Duration.ofNanos(startWaitEnds - System.nanoTime()).toMillis();
                if (left <= 0) {
                    if (!reportedDown) {
                        reportedDown = true;
                        log.warn("The read-model store at {} is not available ({}); the server runs without it and "
                                + "projections start once it is", location, lastFailure);
                    }
                    return false;
                }
                lock.wait(left);
            }
            return true;
        }
    }

    /** Where the store is, for people (no credentials). */
    public String location() {
        return location;
    }

    @Override
    public void close() {
        indexing.shutdownNow();
    }
}

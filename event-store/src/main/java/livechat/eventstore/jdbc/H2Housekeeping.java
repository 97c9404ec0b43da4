package livechat.eventstore.jdbc;

import org.h2.engine.Database;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the embedded event store's file about as large as its data while every commit is written at once.
 * <p>
 * {@code WRITE_DELAY=0} (an answered command's events are in the file) makes H2 write one chunk per commit and turns
 * off H2's background thread, the one that compacts chunks and reuses the space of dead ones. Dead chunks are also
 * kept for the store's retention time (45 s by default), against a file system that writes them out of order, so
 * the file grew by about 30 KB a message and shrank only at a clean close. This does what that thread would do,
 * every {@link #HOUSEKEEPING}, and flushes the file to the disk every {@link #FLUSH}, which makes a retention of
 * {@link #RETENTION} as safe as the default (every dead chunk overwritten was on the disk before it died).
 */
public final class H2Housekeeping implements AutoCloseable {

    static final Duration HOUSEKEEPING = Duration.ofMillis(50);
    static final Duration FLUSH = Duration.ofMillis(100);
    static final Duration RETENTION = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

    private final ScheduledExecutorService thread;

    private H2Housekeeping(ScheduledExecutorService thread) {
        this.thread = thread;
    }

    /**
     * Starts on the database {@code dataSource} opened in this process; does nothing for another database, or one
     * another process serves (its owner keeps it).
     */
    public static H2Housekeeping start(DataSource dataSource) {
        Optional<Database> database;
        Method housekeeping;
        try {
            database = EmbeddedH2.of(dataSource);
            // H2's own background step (package-private): commit what is due, compact, reuse dead chunks.
            housekeeping = FileStore.class.getDeclaredMethod("writeInBackground");
            housekeeping.setAccessible(true);
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            log.warn("The embedded event store's file is compacted only at a clean stop ({})", e.toString());
            return new H2Housekeeping(null);
        }
        if (database.isEmpty() || database.get().getStore() == null) {
            return new H2Housekeeping(null);
        }
        MVStore store = database.get().getStore().getMvStore();
        store.setRetentionTime((int) RETENTION.toMillis());
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread housekeeper = new Thread(work, "h2-housekeeping");
            housekeeper.setDaemon(true);
            return housekeeper;
        });
        thread.scheduleWithFixedDelay(() -> {
            if (store.isClosed()) {
                return;
            }
            try {
                housekeeping.invoke(store.getFileStore());
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("Housekeeping of the embedded event store skipped", e);
            }
        }, HOUSEKEEPING.toMillis(), HOUSEKEEPING.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> {
            if (!store.isClosed()) {
                try {
                    store.sync();
                } catch (RuntimeException e) {
                    log.debug("Flushing the embedded event store skipped", e);
                }
            }
        }, FLUSH.toMillis(), FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        return new H2Housekeeping(thread);
    }

    /**
     * Stops before the database closes (its close compacts the rest), letting a step under way end: an interrupt
     * during a file write would close H2's file channel.
     */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

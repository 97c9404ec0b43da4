package livechat.api.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Says when the event store's database (PostgreSQL) cannot be reached and when it is back: one line each way,
 * from a probe that asks the pool for a working connection every {@code every}. Commands and processors find out
 * for themselves (503, retries with backoff); their own reports of the outage are dropped ({@link StoreOutageLog}).
 */
final class EventStoreWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStoreWatch.class);
    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;
    private final String location;
    private final ScheduledExecutorService probe =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("event-store-watch"));
    /** Null until the first probe: a store that is there from the start is not announced. */
    private Boolean reachable;

    private EventStoreWatch(DataSource dataSource, String location) {
        this.dataSource = dataSource;
        this.location = location.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    static EventStoreWatch start(DataSource dataSource, String location, Duration every) {
        EventStoreWatch watch = new EventStoreWatch(dataSource, location);
        watch.probe.scheduleWithFixedDelay(watch::check, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void check() {
        String failure = null;
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALIDATION_SECONDS)) {
                failure = "no answer within " + VALIDATION_SECONDS + " s";
            }
        } catch (SQLException | RuntimeException e) {
            failure = String.valueOf(e.getMessage());
        }
        if (failure == null && !Boolean.TRUE.equals(reachable)) {
            if (reachable != null) {
                log.info("The event store at {} is reachable again", location);
            }
            reachable = true;
        } else if (failure != null && !Boolean.FALSE.equals(reachable)) {
            log.warn("The event store at {} cannot be reached ({}); commands answer 503 until it is back", location,
                    failure);
            reachable = false;
        }
    }

    @Override
    public void close() {
        probe.shutdownNow();
    }
}

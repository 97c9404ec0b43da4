package livechat.api.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import livechat.eventstore.jdbc.SqlFailures;
import livechat.eventstore.kurrent.EventStoreUnavailableException;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.util.Set;

/**
 * Keeps a store outage to the one line its watcher logs when the store goes and the one when it is back
 * ({@link ReadModelAvailability}, {@code KurrentConnection}, {@link EventStoreWatch}). Without this, every processor
 * logs a stack trace at each of its retries for as long as the outage lasts, and the connection pool one line for
 * each connection it finds dead. Only those warnings whose cause is the outage are dropped; anything else they
 * report still reaches the log.
 */
public final class StoreOutageLog extends TurboFilter implements AutoCloseable {

    /** Where Axon's streaming processors report a failed attempt before they retry it with backoff. */
    private static final Set<String> RETRYING = Set.of("org.axonframework.eventhandling.pooled.Coordinator",
            "org.axonframework.eventhandling.pooled.WorkPackage",
            "org.axonframework.eventsourcing.eventstore.EmbeddedEventStore",
            "com.zaxxer.hikari.pool.ProxyConnection");
    /** Where the pool reports a pooled connection found dead, which a lost database makes of every one. */
    private static final String POOL = "com.zaxxer.hikari.pool.PoolBase";
    private static final String DEAD_CONNECTION = "{} - Failed to validate connection {} ({}).";

    private final LoggerContext context;

    private StoreOutageLog(LoggerContext context) {
        this.context = context;
    }

    /** Installed into logback when that is the logging backend; otherwise nothing happens. */
    static StoreOutageLog install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new StoreOutageLog(null);
        }
        StoreOutageLog filter = new StoreOutageLog(context);
        filter.start();
        context.addTurboFilter(filter);
        return filter;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (logger != null && POOL.equals(logger.getName()) && format != null
                && format.startsWith(DEAD_CONNECTION)) {
            return FilterReply.DENY;
        }
        if (logger == null || !RETRYING.contains(logger.getName()) || level.isGreaterOrEqual(Level.ERROR)) {
            return FilterReply.NEUTRAL;
        }
        Throwable failure = t != null ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last
                : null;
        return isOutage(failure) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    /** Whether {@code failure} comes from a store that cannot be reached (rather than from what was asked of it). */
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException
                    || cause instanceof EventStoreUnavailableException
                    || cause instanceof UnableToClaimTokenException) {
                return true;
            }
        }
        return SqlFailures.lostTheDatabase(failure);
    }

    @Override
    public void close() {
        if (context != null) {
            context.getTurboFilterList().remove(this);
        }
    }
}

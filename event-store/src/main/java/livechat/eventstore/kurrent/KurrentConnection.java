package livechat.eventstore.kurrent;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.ConnectionShutdownException;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBClientSettings;
import io.kurrent.dbclient.KurrentDBConnectionString;
import io.kurrent.dbclient.NoClusterNodeFoundException;
import io.kurrent.dbclient.NotLeaderException;
import io.kurrent.dbclient.StreamNotFoundException;
import io.kurrent.dbclient.WrongExpectedVersionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The one KurrentDB client of a process, replaced whenever it breaks. The client closes itself for good after a
 * few failed connection attempts, and its deadlines do not bound its discovery retries, so every call here is
 * bounded by {@code callTimeout} and a client that failed to reach the server is swapped for a fresh one: the next
 * call after KurrentDB comes back connects again without a restart.
 */
public final class KurrentConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KurrentConnection.class);
    private static final Set<Status.Code> UNREACHABLE =
            Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final KurrentDBClientSettings settings;
    private final Duration callTimeout;
    private final AtomicReference<KurrentDBClient> client = new AtomicReference<>();
    /** Whether the last call reached the server; a change is logged once, each way. */
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private volatile boolean closed;

    public KurrentConnection(String connectionString, Duration callTimeout) {
        this.settings = KurrentDBConnectionString.parseOrThrow(connectionString);
        this.callTimeout = callTimeout;
    }

    /** Whether {@code location} names a KurrentDB / EventStoreDB server rather than, say, a JDBC URL. */
    public static boolean isConnectionString(String location) {
        return location != null && location.matches("(?i)^(esdb|kurrentdb|kurrent|kdb)(\\+discover)?://.*");
    }

    /**
     * Runs {@code operation} on the current client and waits at most the call timeout. The server's refusals
     * ({@code WrongExpectedVersionException}, {@code StreamNotFoundException}, ...) come out unwrapped; failing to
     * reach the server at all is an {@link EventStoreUnavailableException}.
     */
    public <T> T call(String description, Function<KurrentDBClient, CompletableFuture<T>> operation) {
        KurrentDBClient current = current();
        CompletableFuture<T> result = operation.apply(current);
        try {
            T answer = result.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reachable.compareAndSet(false, true)) {
                log.info("KurrentDB is reachable again");
            }
            return answer;
        } catch (TimeoutException e) {
            result.cancel(true);
            discard(current);
            throw unreachable(new EventStoreUnavailableException(
                    "KurrentDB did not answer " + description + " within " + callTimeout.toMillis() + " ms", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventStoreUnavailableException("Interrupted while waiting for KurrentDB: " + description, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (isUnreachable(cause)) {
                discard(current);
                throw unreachable(new EventStoreUnavailableException("KurrentDB cannot be reached: " + description,
                        cause));
            }
            if (cause instanceof WrongExpectedVersionException || cause instanceof StreamNotFoundException) {
                throw (RuntimeException) cause;
            }
            throw new EventStoreException("KurrentDB failed " + description + ": " + cause, cause);
        }
    }

    private EventStoreUnavailableException unreachable(EventStoreUnavailableException failure) {
        if (reachable.compareAndSet(true, false)) {
            log.warn("KurrentDB cannot be reached ({}); calls fail within {} ms until it is back", failure.getMessage(),
                    callTimeout.toMillis());
        }
        return failure;
    }

    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectionShutdownException || t instanceof NoClusterNodeFoundException
                    || t instanceof NotLeaderException
                    || t instanceof StatusRuntimeException s && UNREACHABLE.contains(s.getStatus().getCode())) {
                return true;
            }
        }
        return false;
    }

    private synchronized KurrentDBClient current() {
        if (closed) {
            throw new IllegalStateException("The KurrentDB connection is closed");
        }
        KurrentDBClient c = client.get();
        if (c == null || c.isShutdown()) {
            c = KurrentDBClient.create(settings);
            client.set(c);
        }
        return c;
    }

    private void discard(KurrentDBClient broken) {
        if (client.compareAndSet(broken, null)) {
            broken.shutdown();
        }
    }

    @Override
    public void close() {
        closed = true;
        KurrentDBClient last = client.getAndSet(null);
        if (last != null) {
            last.shutdown();
        }
    }
}

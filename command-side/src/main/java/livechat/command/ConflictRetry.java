package livechat.command;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends a command again when it lost a race for its aggregate: another writer (a node sharing the event store)
 * appended to it first, so the append conflicted on the aggregate's sequence. The failed attempt's rollback has
 * evicted the aggregate from this node's cache, so the next attempt decides on the aggregate as stored. Retried after
 * a short random pause, at most {@code attempts} times in all; a client sees the conflict only when it persists.
 * <p>
 * With {@code sharedStore}, a refusal is also retried once: it may have been decided on a cached aggregate that
 * another node has moved on since (a refusal writes nothing, so it cannot conflict), and its rollback evicted it.
 */
public final class ConflictRetry implements RetryScheduler {

    private static final long BACK_OFF_MS = 10;

    private final int attempts;
    private final boolean sharedStore;

    public ConflictRetry(int attempts, boolean sharedStore) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.attempts = attempts;
        this.sharedStore = sharedStore;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean scheduleRetry(CommandMessage command, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        boolean retry = failures.size() < attempts && conflict(lastFailure)
                || sharedStore && failures.size() == 1 && cause(lastFailure, RuleViolation.class);
        if (retry) {
            backOff(failures.size());
            dispatchTask.run();
        }
        return retry;
    }

    /**
     * A random pause, growing with the failures: writers that collided on an aggregate try again apart instead of
     * colliding again.
     */
    private static void backOff(int failures) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(BACK_OFF_MS << Math.min(failures - 1, 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean conflict(Throwable failure) {
        return cause(failure, ConcurrencyException.class);
    }

    private static boolean cause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}

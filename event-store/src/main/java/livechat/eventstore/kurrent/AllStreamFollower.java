package livechat.eventstore.kurrent;

import io.kurrent.dbclient.RecordedEvent;
import io.kurrent.dbclient.ResolvedEvent;
import io.kurrent.dbclient.SubscribeToAllOptions;
import io.kurrent.dbclient.Subscription;
import io.kurrent.dbclient.SubscriptionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Follows {@code $all} from a position with a catch-up subscription: first what is stored, then live events, until
 * closed. A dropped subscription (server restart, network) is replaced by a new one from the last position handed
 * out, so the reader sees every event once and in order, however often the connection breaks.
 * <p>
 * The client does not report every drop: a stream the server resets arrives as {@code CANCELLED}, which client
 * 1.1.0 swallows. So after {@code idleCheck} without any event the follower asks for the head of {@code $all}; if the
 * log has moved past what was delivered while nothing arrived, the subscription is dead and is replaced.
 */
final class AllStreamFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AllStreamFollower.class);
    private static final int BUFFER = 1024;
    private static final long POLL_MILLIS = 100;

    private final KurrentConnection connection;
    private final Duration resubscribeDelay;
    private final Duration idleCheck;
    private final Supplier<KurrentTrackingToken> head;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>(BUFFER);
    private KurrentTrackingToken last;
    private Feed feed;
    private volatile boolean closed;

    AllStreamFollower(KurrentConnection connection, KurrentTrackingToken after, Duration resubscribeDelay,
                      Duration idleCheck, Supplier<KurrentTrackingToken> head) {
        this.connection = connection;
        this.last = after;
        this.resubscribeDelay = resubscribeDelay;
        this.idleCheck = idleCheck;
        this.head = head;
    }

    Stream<RecordedEvent> stream() {
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<RecordedEvent>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super RecordedEvent> action) {
                RecordedEvent next = next();
                if (next == null) {
                    return false;
                }
                action.accept(next);
                return true;
            }
        }, false);
    }

    /** The next event after the last one handed out, or {@code null} once closed. */
    private RecordedEvent next() {
        long idleSince = System.nanoTime();
        while (!closed) {
            if (feed == null) {
                feed = subscribe();
                idleSince = System.nanoTime();
                continue;
            }
            Signal signal = poll();
            if (signal == null) {
                if (System.nanoTime() - idleSince >= idleCheck.toNanos()) {
                    idleSince = System.nanoTime();
                    if (missedEvents()) {
                        log.info("Subscription to $all stopped delivering; resubscribing from {}", last);
                        feed.abandon();
                        feed = null;
                    }
                }
            } else if (signal instanceof Dropped dropped && dropped.feed() == feed) {
                feed = null;
            } else if (signal instanceof Delivered delivered && delivered.feed() == feed) {
                KurrentTrackingToken position = KurrentTrackingToken.of(delivered.event().getPosition());
                // A new subscription may repeat what the dropped one already delivered.
                if (last == null || position.compareTo(last) > 0) {
                    last = position;
                    return delivered.event();
                }
            }
        }
        return null;
    }

    private boolean missedEvents() {
        try {
            KurrentTrackingToken newest = head.get();
            return newest != null && (last == null || newest.compareTo(last) > 0) && signals.isEmpty();
        } catch (EventStoreUnavailableException e) {
            return true;
        }
    }

    private Feed subscribe() {
        Feed next = new Feed();
        SubscribeToAllOptions options = last == null ? SubscribeToAllOptions.get().fromStart()
                : SubscribeToAllOptions.get().fromPosition(last.toPosition());
        try {
            next.subscription = connection.call("subscribe to $all", client -> client.subscribeToAll(next, options));
            return next;
        } catch (RuntimeException e) {
            next.abandon();
            log.warn("Cannot follow $all from {} ({}); retrying in {}", last, e.getMessage(), resubscribeDelay);
            sleep(resubscribeDelay.toMillis());
            return null;
        }
    }

    private Signal poll() {
        try {
            return signals.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return null;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Feed current = feed;
        if (current != null) {
            current.abandon();
        }
    }

    private sealed interface Signal permits Delivered, Dropped {
    }

    private record Delivered(Feed feed, RecordedEvent event) implements Signal {
    }

    private record Dropped(Feed feed, Throwable cause) implements Signal {
    }

    /** One subscription's listener; once abandoned it stops its subscription and delivers nothing more. */
    private final class Feed extends SubscriptionListener {

        private volatile Subscription subscription;
        private volatile boolean abandoned;

        void abandon() {
            abandoned = true;
            Subscription s = subscription;
            if (s != null) {
                s.stop();
            }
        }

        @Override
        public void onEvent(Subscription subscription, ResolvedEvent event) {
            // Blocking here is the back-pressure: the client asks the server for more only after we return.
            offer(new Delivered(this, event.getOriginalEvent()), subscription);
        }

        @Override
        public void onCancelled(Subscription subscription, Throwable exception) {
            if (exception != null) {
                log.info("Subscription to $all dropped ({}); resubscribing from {}", exception.toString(), last);
            }
            offer(new Dropped(this, exception), subscription);
        }

        private void offer(Signal signal, Subscription subscription) {
            try {
                while (!abandoned && !closed) {
                    if (signals.offer(signal, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
                if (subscription != null) {
                    subscription.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

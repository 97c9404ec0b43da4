package livechat.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The event store as the source of Axon's pooled streaming processors, telling them the moment events arrive.
 * <p>
 * Streams of Axon's {@code EmbeddedEventStore} offer no availability callback, so a pooled processor polls an idle
 * stream every 500 ms: a quarter of a second on average between a command's commit and its projection, which is
 * most of the delay a chat message takes to reach the other party's screen. Here one watcher thread follows the
 * head of the store and wakes every processor whose stream is idle as soon as an event arrived. The watcher reads
 * the store's shared in-memory cache of recent events, where the processors' own streams then find the event, so
 * following it costs no store reads. When nothing arrives for {@code idleWake}, the processors are woken anyway, so
 * an arrival the watcher could not see (the store being unreachable, say) still reaches them within that time.
 * <p>
 * After a wake, the next one waits at least {@code coalesce}: an event after a quiet spell is announced at once, and
 * events that follow it closely are handed over together. Every batch a projection handles costs a fixed number of
 * read-model round trips (its token, its guards, one bulk write per collection), so at a few hundred sends a second,
 * waking six processors for each event spent more of the server's CPU on those round trips than on the events.
 */
public final class EventArrivals implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventArrivals.class);

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final Duration idleWake;
    private final Duration coalesce;
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();
    private final Thread watcher;
    private volatile boolean closed;

    public EventArrivals(StreamableMessageSource<TrackedEventMessage<?>> store, Duration idleWake,
                         Duration coalesce) {
        this.store = store;
        this.idleWake = idleWake;
        this.coalesce = coalesce;
        watcher = new Thread(this::watch, "event-arrivals");
        watcher.setDaemon(true);
        watcher.start();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new Announced(store.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }

    private void watch() {
        int wait = (int) idleWake.toMillis();
        while (!closed) {
            try (BlockingStream<TrackedEventMessage<?>> head = store.openStream(store.createHeadToken())) {
                while (!closed) {
                    head.hasNextAvailable(wait, TimeUnit.MILLISECONDS);
                    while (head.hasNextAvailable()) {
                        head.nextAvailable();
                    }
                    wakeAll();
                    Thread.sleep(coalesce.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.debug("Cannot follow the event store's head; waking processors every {} instead", idleWake, e);
                wakeAll();
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void wakeAll() {
        waiting.forEach(Runnable::run);
    }

    /** A store stream that registers its processor to be woken by the watcher. */
    private final class Announced implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private Runnable callback;

        Announced(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return stream.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (this.callback != null) {
                waiting.remove(this.callback);
            }
            this.callback = callback;
            waiting.add(callback);
            return true;
        }

        @Override
        public void close() {
            if (callback != null) {
                waiting.remove(callback);
            }
            stream.close();
        }
    }
}

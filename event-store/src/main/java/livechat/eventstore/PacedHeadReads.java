package livechat.eventstore;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The engine under Axon's {@code EmbeddedEventStore}, whose one reader of the log's head starts a read at most once
 * every {@code pace}.
 * <p>
 * That reader (the only caller of {@link #readEvents(TrackingToken, boolean)} that may block) reads again the moment a
 * read found anything. While sends keep arriving it therefore queries the store back to back, each query a
 * transaction of four round trips bringing one or two events. Every node of a cluster runs such a reader over the
 * whole log, so on a shared store this polling grows with the nodes, not with the work. Paced, a read brings what
 * arrived during the pace: an event reaches the processors and live streams at most {@code pace} later, and only
 * while events keep arriving (after a quiet spell the first read starts at once). Every other read (an aggregate's
 * events, a processor catching up) is not delayed.
 */
public final class PacedHeadReads extends ForwardingEventStorageEngine {

    private final long paceNanos;
    private final LongSupplier nanoTime;
    private final LongConsumer park;
    private long lastStart;
    private boolean started;

    public PacedHeadReads(EventStorageEngine delegate, Duration pace) {
        this(delegate, pace, System::nanoTime, LockSupport::parkNanos);
    }

    PacedHeadReads(EventStorageEngine delegate, Duration pace, LongSupplier nanoTime, LongConsumer park) {
        super(delegate);
        this.paceNanos = pace.toNanos();
        this.nanoTime = nanoTime;
        this.park = park;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        if (mayBlock) {
            awaitPace();
        }
        return delegate.readEvents(trackingToken, mayBlock);
    }

    /** Waits until {@code pace} has passed since the previous head read started; an interrupt ends the wait. */
    private synchronized void awaitPace() {
        long now = nanoTime.getAsLong();
        if (started) {
            long due = lastStart + paceNanos;
            while (now - due < 0 && !Thread.currentThread().isInterrupted()) {
                park.accept(due - now);
                now = nanoTime.getAsLong();
            }
        }
        started = true;
        lastStart = now;
    }
}

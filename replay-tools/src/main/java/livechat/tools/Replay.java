package livechat.tools;

import me.tongfei.progressbar.ProgressBar;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Feeds the event log to a projection the way the server's streaming processors do: in batches, each in one
 * {@link BatchingUnitOfWork} through the projection's annotated handlers and interceptors, so it writes exactly
 * what the live projection writes (one bulkWrite per collection per batch).
 * <p>
 * Like the server's processors, which split each one's stream into segments by aggregate, a replay splits every
 * stretch of the log into {@link #LANES} lanes by aggregate and applies their batches at once: one aggregate's events
 * stay in order in one lane, and the store works on one lane's writes while the next lane's batch is handled. A
 * stretch's token is passed on only after every lane's batch is written, so a resumed replay starts where all had
 * got to.
 */
final class Replay {

    private static final int LANES = 4;

    private final EventStorageEngine engine;
    private final int batchSize;
    private final Predicate<TrackedEventMessage<?>> included;

    Replay(EventStorageEngine engine, int batchSize) {
        this(engine, batchSize, event -> true);
    }

    private Replay(EventStorageEngine engine, int batchSize, Predicate<TrackedEventMessage<?>> included) {
        this.engine = engine;
        this.batchSize = batchSize;
        this.included = included;
    }

    /** The same replay, applying only the events {@code included} accepts (it sees every event up to the limit). */
    Replay only(Predicate<TrackedEventMessage<?>> included) {
        return new Replay(engine, batchSize, included);
    }

    /** The global position of the newest event, -1 for an empty log. */
    long head() {
        return position(engine.createHeadToken());
    }

    static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /**
     * Applies the events after {@code from} (null: from the first) up to position {@code upTo} to
     * {@code projection}, calling {@code afterBatch} with the last event's token each time every lane has written
     * its share of the next {@code batchSize} events a lane.
     * Returns the token of the last event applied ({@code from} if there was none).
     */
    TrackingToken run(Object projection, TrackingToken from, long upTo, String task,
                      Consumer<TrackingToken> afterBatch) throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        ExecutorService lanes = Executors.newFixedThreadPool(LANES);
        TrackingToken last = from;
        try (ProgressBar bar = Progress.bar(task, upTo - position(from));
             Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = events.iterator();
            List<List<EventMessage<?>>> stretch = new ArrayList<>();
            for (int lane = 0; lane < LANES; lane++) {
                stretch.add(new ArrayList<>());
            }
            int read = 0;
            while (iterator.hasNext()) {
                TrackedEventMessage<?> event = iterator.next();
                if (position(event.trackingToken()) > upTo) {
                    break;
                }
                if (included.test(event) && adapter.canHandle(event)) {
                    stretch.get(lane(event)).add(event);
                }
                long previous = position(last);
                last = event.trackingToken();
                bar.stepBy(position(last) - previous);
                if (++read == batchSize * LANES) {
                    deliver(adapter, stretch, lanes);
                    afterBatch.accept(last);
                    read = 0;
                }
            }
            if (read > 0) {
                deliver(adapter, stretch, lanes);
                afterBatch.accept(last);
            }
            bar.stepTo(bar.getMax());
        } finally {
            lanes.shutdownNow();
        }
        return last;
    }

    /** As the server's default sequencing policy: by aggregate, and events of no aggregate all in one lane. */
    private static int lane(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? Math.floorMod(domain.getAggregateIdentifier().hashCode(), LANES) : 0;
    }

    /** Applies every lane's batch at once and empties them; the first failure is thrown once all have ended. */
    private static void deliver(AnnotationEventHandlerAdapter adapter, List<List<EventMessage<?>>> stretch,
                                ExecutorService lanes) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (List<EventMessage<?>> lane : stretch) {
            if (!lane.isEmpty()) {
                List<EventMessage<?>> batch = List.copyOf(lane);
                lane.clear();
                running.add(lanes.submit(() -> {
                    deliver(adapter, batch);
                    return null;
                }));
            }
        }
        Exception failure = null;
        for (Future<?> lane : running) {
            try {
                lane.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void deliver(AnnotationEventHandlerAdapter adapter, List<EventMessage<?>> batch) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> adapter.handle(unitOfWork.getMessage()));
        if (result.isExceptional()) {
            throw new IllegalStateException("the projection failed on a batch of events", result.exceptionResult());
        }
    }
}

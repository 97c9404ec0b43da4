package livechat.api.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How far each projection's processor is behind the event log, as gauges: {@code livechat.projection.lag.events}
 * (head global position minus the position of the processor's slowest segment) and
 * {@code livechat.projection.lag.seconds} (age of the oldest event it has not processed yet), tagged with the
 * {@code processor}. Every node answers for the whole processor, whichever nodes run its segments
 * ({@link ProcessorPositions}); NaN before the processor has stored any segment.
 */
public final class ProjectionLag {

    private final ProcessorPositions positions;
    private final EventStore eventStore;
    private final Clock clock;

    public ProjectionLag(ProcessorPositions positions, EventStore eventStore, Clock clock) {
        this.positions = positions;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    public ProjectionLag bindTo(MeterRegistry meters, List<String> processors) {
        for (String processor : processors) {
            Gauge.builder("livechat.projection.lag.events", () -> eventsBehind(processor))
                    .tag("processor", processor).description("Events in the log the projection has not processed")
                    .baseUnit("events").register(meters);
            Gauge.builder("livechat.projection.lag.seconds", () -> secondsBehind(processor))
                    .tag("processor", processor)
                    .description("Age of the oldest event the projection has not processed").baseUnit("seconds")
                    .register(meters);
        }
        return this;
    }

    /** Where a segment stands; {@code token} is null for a segment that has not processed anything yet. */
    private record Segment(TrackingToken token) {
        long position() {
            return ProjectionLag.position(token);
        }
    }

    double eventsBehind(String processor) {
        return slowestSegment(processor).map(segment -> (double) Math.max(0, head() - segment.position()))
                .orElse(Double.NaN);
    }

    double secondsBehind(String processor) {
        Optional<Segment> slowest = slowestSegment(processor);
        if (slowest.isEmpty()) {
            return Double.NaN;
        }
        if (slowest.get().position() >= head()) {
            return 0;
        }
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(slowest.get().token())) {
            if (!stream.hasNextAvailable()) {
                return 0;
            }
            Duration behind = Duration.between(stream.nextAvailable().getTimestamp(), clock.instant());
            return Math.max(0, behind.toMillis() / 1000.0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    private Optional<Segment> slowestSegment(String processor) {
        return positions.segments(processor).values().stream().map(Segment::new)
                .min(Comparator.comparingLong(Segment::position));
    }

    private long head() {
        return position(eventStore.createHeadToken());
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}

package livechat.api.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import livechat.eventstore.ProcessorSegments;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How far a processor is, whichever node runs its segments: this node's own processing status for the segments
 * it holds, the shared token store's stored position for the others. A segment stores its position with every
 * batch it handles, but over events it has no handler for (another segment's, say) only when it extends its claim
 * (every few seconds), so a stored position may trail that far behind events the segment ignores.
 */
public final class ProcessorPositions {

    private final MongoCollection<Document> tokens;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;

    /** @param tokens the token store's collection */
    ProcessorPositions(MongoCollection<Document> tokens, Serializer serializer,
                       EventProcessingConfiguration processing) {
        this.tokens = tokens;
        this.serializer = serializer;
        this.processing = processing;
    }

    /**
     * Every segment's position, by segment id (its lower bound while it replays; null for a segment that has handled
     * nothing yet). Empty when the processor has no segments in the store yet.
     */
    Map<Integer, TrackingToken> segments(String processor) {
        Map<Integer, EventTrackerStatus> held = processing.eventProcessor(processor, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
        Map<Integer, TrackingToken> segments = new HashMap<>();
        for (Document token : tokens.find(Filters.eq("processorName", processor))) {
            int segment = token.getInteger("segment");
            EventTrackerStatus status = held.get(segment);
            Binary data = token.get("token", Binary.class);
            TrackingToken position = status != null ? status.getTrackingToken() : data == null ? null
                    : serializer.deserialize(new SimpleSerializedObject<>(data.getData(), byte[].class,
                    token.getString("tokenType"), null));
            segments.put(segment, position == null ? null : WrappedToken.unwrapLowerBound(position));
        }
        return segments;
    }

    /**
     * Whether a processor at {@code segments} (as {@link #segments} found them) handled each of {@code events} (their
     * {@link #position}s), all of the aggregate {@code aggregateId}: the segment that handles that aggregate's events
     * is past each. The other segments do not matter, and a segment that has no handler for an event stores its
     * position past it only every few seconds.
     */
    static boolean handled(Map<Integer, TrackingToken> segments, String aggregateId,
                           Collection<TrackingToken> events) {
        OptionalInt segment = new ProcessorSegments(segments.keySet()).ofAggregate(aggregateId);
        TrackingToken position = segment.isPresent() ? segments.get(segment.getAsInt()) : null;
        return position != null && events.stream().allMatch(event -> handled(position, event));
    }

    /**
     * Where in the log an event stands, from its own token and the one its reader held before it: what
     * {@link #handled} takes. A gap-aware token's index is the highest its reader has seen, so an event committed
     * after later ones (it fills a gap) carries a later event's index; its own is the gap its token no longer has.
     * Compared by its token's index, it would count as handled by a segment that has read the later events but is
     * still waiting for it.
     */
    static TrackingToken position(TrackingToken before, TrackingToken event) {
        if (before instanceof GapAwareTrackingToken reader && event instanceof GapAwareTrackingToken at
                && at.getIndex() == reader.getIndex()) {
            // Older gaps the reader gave up on may go with it; each lies below the one filled.
            SortedSet<Long> filled = new TreeSet<>(reader.getGaps());
            filled.removeAll(at.getGaps());
            if (!filled.isEmpty()) {
                return GapAwareTrackingToken.newInstance(filled.last(), Set.of());
            }
        }
        return event;
    }

    /**
     * Whether a processor at {@code segment} has handled the event at {@code event} (its {@link #position}).
     * Gap-aware tokens (JDBC) are compared by the event's index and the segment's gaps alone: {@code covers} also
     * asks for the same older gaps in both, which a reader started at the head never had.
     */
    private static boolean handled(TrackingToken segment, TrackingToken event) {
        if (segment instanceof GapAwareTrackingToken processor && event instanceof GapAwareTrackingToken at) {
            return at.getIndex() <= processor.getIndex() && !processor.getGaps().contains(at.getIndex());
        }
        return segment.covers(event);
    }
}

package livechat.tools;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.ProcessorSegments;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.bson.Document;
import org.bson.types.Binary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The server's processor positions, read (never claimed) from the {@code trackingtokens} collection Axon's
 * {@code MongoTokenStore} keeps beside the read models.
 */
final class ProcessorTokens {

    static final String COLLECTION = "trackingtokens";
    /** Axon's default claim timeout: a claim refreshed more recently belongs to a running processor. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private ProcessorTokens() {
    }

    /**
     * One segment's token (null before the first event), its position (-1 before the first event) and who holds it,
     * since when.
     */
    record Segment(int segment, TrackingToken token, long position, String owner, Instant claimedAt) {

        boolean claimedRecently(Instant now) {
            return owner != null && claimedAt.isAfter(now.minus(CLAIM_TIMEOUT));
        }
    }

    static List<Segment> read(MongoDatabase database, String processor) {
        List<Segment> segments = new ArrayList<>();
        for (Document document : database.getCollection(COLLECTION).find(Filters.eq("processorName", processor))) {
            Binary token = document.get("token", Binary.class);
            GenericTokenEntry<byte[]> entry = new GenericTokenEntry<>(token == null ? null : token.getData(),
                    document.getString("tokenType"),
                    Instant.ofEpochMilli(document.getLong("timestamp")).toString(), document.getString("owner"),
                    processor, document.getInteger("segment"), byte[].class);
            TrackingToken position = WrappedToken.unwrapLowerBound(entry.getToken(EventSerialization.serializer()));
            segments.add(new Segment(entry.getSegment(), position, Replay.position(position), entry.getOwner(),
                    entry.timestamp()));
        }
        return segments;
    }

    /** The position every segment has passed: what the whole processor has certainly processed. */
    static OptionalLong slowest(List<Segment> segments) {
        return segments.stream().mapToLong(Segment::position).min();
    }

    /** Each segment's position, by segment: what moves when the processor handles events. */
    static Map<Integer, Long> positions(List<Segment> segments) {
        return segments.stream().collect(Collectors.toMap(Segment::segment, Segment::position));
    }

    /**
     * Whether the processor whose tokens are {@code segments} has handled an event: the event belongs to a segment as
     * the server's processors split their stream (Axon's default sequencing policy: by aggregate, an event of no
     * aggregate by its own id), and that segment's token covers the event's position, gaps included.
     */
    static Predicate<TrackedEventMessage<?>> handled(List<Segment> segments) {
        ProcessorSegments split = new ProcessorSegments(segments.stream().map(Segment::segment).toList());
        return event -> split.of(event).stream().mapToObj(segment -> tokenOf(segments, segment))
                .anyMatch(token -> token != null && token.covers(event.trackingToken()));
    }

    private static TrackingToken tokenOf(List<Segment> segments, int segment) {
        return segments.stream().filter(candidate -> candidate.segment() == segment).findFirst()
                .map(Segment::token).orElse(null);
    }

    static boolean running(List<Segment> segments) {
        Instant now = Instant.now();
        return segments.stream().anyMatch(segment -> segment.claimedRecently(now));
    }
}

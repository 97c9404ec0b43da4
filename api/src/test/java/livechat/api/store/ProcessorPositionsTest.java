package livechat.api.store;

import livechat.eventstore.ProcessorSegments;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** When the live tail may hand a conversation's events over: once the segment that projects them is past them. */
class ProcessorPositionsTest {

    private static final ProcessorSegments TWO = new ProcessorSegments(List.of(0, 1));

    @Test
    void theSegmentHandlingTheConversationDecides() {
        String first = conversationOf(0);
        String second = conversationOf(1);
        Map<Integer, TrackingToken> segments = new HashMap<>();
        segments.put(0, at(7));
        // Segment 1 stored no position yet: it ignores the first conversation's events.
        segments.put(1, null);

        assertThat(ProcessorPositions.handled(segments, first, List.of(at(5), at(7)))).isTrue();
        assertThat(ProcessorPositions.handled(segments, first, List.of(at(5), at(8)))).isFalse();
        assertThat(ProcessorPositions.handled(segments, second, List.of(at(5)))).isFalse();

        segments.put(1, at(5));
        assertThat(ProcessorPositions.handled(segments, second, List.of(at(5)))).isTrue();
    }

    @Test
    void anEventInTheSegmentsGapsIsNotHandledYet() {
        String conversation = conversationOf(0);
        Map<Integer, TrackingToken> segments = Map.of(0, GapAwareTrackingToken.newInstance(9, Set.of(6L)), 1, at(9));

        assertThat(ProcessorPositions.handled(segments, conversation, List.of(at(5)))).isTrue();
        // Committed after events behind it: the segment has not read it yet.
        assertThat(ProcessorPositions.handled(segments, conversation, List.of(at(6)))).isFalse();
    }

    @Test
    void anEventThatFillsAGapIsHandledOnceTheSegmentReadItNotWhenTheSegmentReadTheLaterOnes() {
        String conversation = conversationOf(0);
        // As the JDBC engine advances a reader's token: 9 arrives before 6, 7 and 8 commit, then 6 does. The event
        // at 6 then carries index 9, the highest its reader has seen.
        GapAwareTrackingToken beforeSix = at(5).advanceTo(9, 10_000);
        GapAwareTrackingToken six = beforeSix.advanceTo(6, 10_000);
        TrackingToken sixAt = ProcessorPositions.position(beforeSix, six);

        // The segment has read 9 but waits for 6: an event at 6 is not in the read model yet.
        assertThat(ProcessorPositions.handled(Map.of(0, beforeSix, 1, at(9)), conversation, List.of(sixAt)))
                .isFalse();
        assertThat(ProcessorPositions.handled(Map.of(0, six, 1, at(9)), conversation, List.of(sixAt))).isTrue();
        // An event that raises the reader's index stands at that index.
        TrackingToken tenAt = ProcessorPositions.position(six, six.advanceTo(10, 10_000));
        assertThat(ProcessorPositions.handled(Map.of(0, six, 1, at(9)), conversation, List.of(tenAt))).isFalse();
        assertThat(ProcessorPositions.handled(Map.of(0, at(10), 1, at(9)), conversation, List.of(tenAt))).isTrue();
    }

    @Test
    void nothingIsHandledBeforeTheProcessorHasSegments() {
        assertThat(ProcessorPositions.handled(Map.of(), conversationOf(0), List.of(at(0)))).isFalse();
    }

    /** The event at {@code index} as a reader started at the head sees it: no older gaps. */
    private static GapAwareTrackingToken at(long index) {
        return GapAwareTrackingToken.newInstance(index, Set.of());
    }

    private static String conversationOf(int segment) {
        while (true) {
            String conversation = UUID.randomUUID().toString();
            if (TWO.ofAggregate(conversation).orElseThrow() == segment) {
                return conversation;
            }
        }
    }
}

package livechat.api.store;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a projection has handled every event the log held as a wait began: each segment at or past that head, and
 * none still waiting for an event at or below it that has committed since.
 */
class ProjectionCatchUpTest {

    /** A log that holds nothing after any position. */
    private static final Function<TrackingToken, Optional<TrackingToken>> NOTHING_AFTER = position -> Optional.empty();

    @Test
    void aProcessorWithoutSegmentsHasCaughtUpOnlyWithAnEmptyLog() {
        assertThat(ProjectionCatchUp.caughtUp(Map.of(), -1, NOTHING_AFTER)).isTrue();
        assertThat(ProjectionCatchUp.caughtUp(Map.of(), 0, NOTHING_AFTER)).isFalse();
    }

    @Test
    void everySegmentIsAtOrPastTheHead() {
        Map<Integer, TrackingToken> segments = new HashMap<>();
        segments.put(0, at(9));
        segments.put(1, at(7));
        assertThat(ProjectionCatchUp.caughtUp(segments, 7, NOTHING_AFTER)).isTrue();
        assertThat(ProjectionCatchUp.caughtUp(segments, 8, NOTHING_AFTER)).isFalse();

        // A segment that has handled nothing yet.
        segments.put(1, null);
        assertThat(ProjectionCatchUp.caughtUp(segments, 0, NOTHING_AFTER)).isFalse();
    }

    @Test
    void aSegmentPastTheHeadHasNotCaughtUpWhileAnEventItHasAsAGapHasCommitted() {
        // As the JDBC engine advances a reader's token: the segment read 9 before 6, 7 and 8 committed.
        GapAwareTrackingToken segment = at(5).advanceTo(9, 10_000);
        Function<TrackingToken, Optional<TrackingToken>> sixCommitted = after(6);

        assertThat(ProjectionCatchUp.caughtUp(Map.of(0, segment), 9, sixCommitted)).isFalse();
        // Numbers no event took (appends that rolled back): the log holds nothing there.
        assertThat(ProjectionCatchUp.caughtUp(Map.of(0, segment), 9, NOTHING_AFTER)).isTrue();
        // What committed after the head is not waited for.
        assertThat(ProjectionCatchUp.caughtUp(Map.of(0, segment), 9, after(10))).isTrue();
        // Nor is an event the segment has as a gap above the head.
        assertThat(ProjectionCatchUp.caughtUp(Map.of(0, segment), 5, sixCommitted)).isTrue();
    }

    /** A log whose first event after a position is the one at {@code index}, read as the JDBC engine reads it. */
    private static Function<TrackingToken, Optional<TrackingToken>> after(long index) {
        return position -> Optional.of(((GapAwareTrackingToken) position).advanceTo(index, 10_000));
    }

    private static GapAwareTrackingToken at(long index) {
        return GapAwareTrackingToken.newInstance(index, Set.of());
    }
}

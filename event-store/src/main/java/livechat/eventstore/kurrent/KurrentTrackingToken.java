package livechat.eventstore.kurrent;

import io.kurrent.dbclient.Position;
import org.axonframework.eventhandling.TrackingToken;

import java.util.Comparator;
import java.util.OptionalLong;

/**
 * A position in KurrentDB's {@code $all} log. Events appended together share a commit position and differ in their
 * prepare position, so both are needed to order them; comparing the commit position alone would make a replay
 * skip or repeat events of one append.
 */
public record KurrentTrackingToken(long commitPosition, long preparePosition)
        implements TrackingToken, Comparable<KurrentTrackingToken> {

    private static final Comparator<KurrentTrackingToken> ORDER = Comparator
            .comparingLong(KurrentTrackingToken::commitPosition)
            .thenComparingLong(KurrentTrackingToken::preparePosition);

    public static KurrentTrackingToken of(Position position) {
        return new KurrentTrackingToken(position.getCommitUnsigned(), position.getPrepareUnsigned());
    }

    public Position toPosition() {
        return new Position(commitPosition, preparePosition);
    }

    @Override
    public TrackingToken lowerBound(TrackingToken other) {
        KurrentTrackingToken that = cast(other);
        return compareTo(that) <= 0 ? this : that;
    }

    @Override
    public TrackingToken upperBound(TrackingToken other) {
        KurrentTrackingToken that = cast(other);
        return compareTo(that) >= 0 ? this : that;
    }

    @Override
    public boolean covers(TrackingToken other) {
        return other == null || compareTo(cast(other)) >= 0;
    }

    @Override
    public boolean samePositionAs(TrackingToken other) {
        return other != null && compareTo(cast(other)) == 0;
    }

    /** Progress estimates only need a monotonic number; the commit position is one. */
    @Override
    public OptionalLong position() {
        return OptionalLong.of(commitPosition);
    }

    @Override
    public int compareTo(KurrentTrackingToken other) {
        return ORDER.compare(this, other);
    }

    private static KurrentTrackingToken cast(TrackingToken other) {
        if (other instanceof KurrentTrackingToken token) {
            return token;
        }
        throw new IllegalArgumentException("Incompatible token type: " + other);
    }
}

package livechat.events.audit;

import livechat.events.audit.CheckpointSink.Anchor;
import livechat.events.audit.CheckpointSink.State;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A conversation's chain recomputed from the event store and held against the latest checkpoint. {@code ok} when
 * every stored link holds and the chain passes through the head the checkpoint anchored. Otherwise
 * {@code sequence} is the first sequence that does not hold ({@code firstMismatch} the global position of the
 * event standing there, null if it is missing) and {@code reason} says why. {@code checked} events held;
 * {@code head} is the last one's link. Write-time links begin at {@code linkedFrom} (null: none; earlier events
 * were written before chaining and are protected from {@code checkpoint} on).
 */
public record ChainVerification(String conversationId, boolean ok, int checked, String head, Long linkedFrom,
                                Long firstMismatch, Long sequence, String reason, Anchored checkpoint) {

    /** The latest checkpoint that anchors the conversation, and the head it anchored. */
    public record Anchored(long checkpoint, String createdAt, long sequence, String head) {
    }

    /**
     * Verifies {@code stored}, the conversation's events as the store holds them, against {@code anchors}. When
     * anything fails, every anchor the {@code sink} recorded for the conversation is consulted too, and the earliest
     * failure is reported: a rewrite whose links were all recomputed is placed just after the last earlier anchor
     * that still holds.
     */
    public static ChainVerification of(String conversationId, List<StoredEvent> stored, State anchors,
                                       CheckpointSink sink) throws IOException {
        ChainCheck chain = ChainCheck.of(stored);
        Anchor latest = anchors.anchors().get(conversationId);
        Anchored anchored = latest == null ? null : new Anchored(anchors.latest().checkpoint().sequence(),
                anchors.latest().checkpoint().createdAt(), latest.sequence(), latest.head());
        if (chain.ok() && (latest == null || holds(chain, latest))) {
            return new ChainVerification(conversationId, true, chain.events(), chain.head(), chain.linkedFrom(),
                    null, null, null, anchored);
        }
        Failure first = chain.ok() ? null : new Failure(chain.sequence(), chain.position(), chain.reason());
        if (chain.ok() && latest.sequence() >= chain.events()) {
            first = new Failure(chain.events(), null, "the log ends before sequence " + latest.sequence()
                    + ", which checkpoint " + anchored.checkpoint() + " anchored: events were removed from its end");
        }
        List<Map.Entry<Long, Anchor>> history = sink.history(conversationId);
        long from = 0;
        for (Map.Entry<Long, Anchor> entry : history) {
            Anchor anchor = entry.getValue();
            if (anchor.sequence() >= chain.events()) {
                break;
            }
            if (holds(chain, anchor)) {
                from = anchor.sequence() + 1;
            } else {
                if (first == null || from < first.sequence()) {
                    first = new Failure(from, stored.get((int) from).position(), "the events from sequence " + from
                            + " to " + anchor.sequence() + " are not those checkpoint " + entry.getKey()
                            + " anchored: they were rewritten, and their links recomputed");
                }
                break;
            }
        }
        if (first == null) {
            // The latest anchor fails but the sink's files do not show it: judge against the latest alone.
            first = new Failure(0, stored.isEmpty() ? null : stored.get(0).position(), "the events up to sequence "
                    + latest.sequence() + " are not those checkpoint " + anchored.checkpoint() + " anchored");
        }
        return new ChainVerification(conversationId, false, (int) first.sequence(), chain.linkAt(first.sequence() - 1),
                chain.linkedFrom(), first.position(), first.sequence(), first.reason(), anchored);
    }

    private record Failure(long sequence, Long position, String reason) {
    }

    private static boolean holds(ChainCheck chain, Anchor anchor) {
        return anchor.head().equals(chain.linkAt(anchor.sequence()));
    }
}

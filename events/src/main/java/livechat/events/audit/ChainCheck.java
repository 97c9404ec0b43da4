package livechat.events.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes an aggregate's write-time chain ({@link AuditLink}) from its events as stored and judges each stored
 * link. It finds a change to any covered field of an event, and an event removed, inserted or moved among linked
 * ones; it cannot find a rewrite whose every later link was recomputed, or a cut at the end: only a signed
 * checkpoint of the head finds those. Events written before write-time chaining carry no links: their chain is
 * computed all the same, and {@code linkedFrom} says where stored links begin.
 *
 * @param events      how many events were checked (up to the first bad one)
 * @param head        the link of the last event checked, or {@link HashChain#GENESIS} for none
 * @param linkedFrom  the sequence of the first event that carries a write-time link, null if none does
 * @param position    where the first bad event stands in the global log, null if all hold
 * @param sequence    the sequence at which the chain first fails, null if all hold
 * @param reason      why it fails there
 */
public record ChainCheck(boolean ok, int events, String head, Long linkedFrom, Long position, Long sequence,
                         String reason, List<String> links) {

    public static ChainCheck of(List<StoredEvent> stored) {
        List<String> links = new ArrayList<>(stored.size());
        String previous = HashChain.GENESIS;
        Long linkedFrom = null;
        for (StoredEvent event : stored) {
            long expected = links.size();
            if (event.sequence() != expected) {
                return bad(links, previous, linkedFrom, event, expected, event.sequence() > expected
                        ? "sequence " + expected + " is missing: an event was removed"
                        : "sequence " + event.sequence() + " occurs twice: an event was inserted");
            }
            String link = event.content().after(previous);
            if (event.link() != null) {
                if (!previous.equals(event.previousLink())) {
                    return bad(links, previous, linkedFrom, event, expected, "its previous link is not the link of "
                            + "the event before it: an event was removed, inserted or moved");
                }
                if (!link.equals(event.link())) {
                    return bad(links, previous, linkedFrom, event, expected, "its id, type, timestamp, actor or "
                            + "payload differs from what was written");
                }
                if (linkedFrom == null) {
                    linkedFrom = expected;
                }
            } else if (linkedFrom != null) {
                return bad(links, previous, linkedFrom, event, expected, "it has no write-time link though the "
                        + "events before it have: it was not written by a command");
            }
            links.add(link);
            previous = link;
        }
        return new ChainCheck(true, links.size(), previous, linkedFrom, null, null, null, List.copyOf(links));
    }

    private static ChainCheck bad(List<String> links, String head, Long linkedFrom, StoredEvent event, long sequence,
                                  String reason) {
        return new ChainCheck(false, links.size(), head, linkedFrom, event.position(), sequence, reason,
                List.copyOf(links));
    }

    /** The recomputed link at {@code sequence}, or null if the chain does not reach it. */
    public String linkAt(long sequence) {
        return sequence >= 0 && sequence < links.size() ? links.get((int) sequence) : null;
    }
}

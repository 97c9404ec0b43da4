package livechat.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every engine checks of an append before it stores anything: each aggregate's events in it follow one another,
 * sequence n + 1 after n. A repeated or skipped sequence would store a stream that can never be loaded (a gap) or
 * written again (a duplicate), so the whole append is refused.
 */
public final class AppendedSequences {

    private AppendedSequences() {
    }

    public static void check(List<? extends EventMessage<?>> events) {
        Map<String, Long> last = new HashMap<>();
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain && domain.getType() != null) {
                Long before = last.put(domain.getAggregateIdentifier(), domain.getSequenceNumber());
                if (before != null && domain.getSequenceNumber() != before + 1) {
                    throw new InvalidAppendException("An append holds sequence " + domain.getSequenceNumber()
                            + " of aggregate [" + domain.getAggregateIdentifier() + "] right after " + before
                            + ": an aggregate's events must follow one another; nothing was stored");
                }
            }
        }
    }
}

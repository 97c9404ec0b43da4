package livechat.events.audit;

import java.util.List;

/** Reads an aggregate's events as stored, bytes untouched, for verification against the recorded chain. */
public interface StoredEvents {

    /** The aggregate's events in sequence order; empty if there are none. */
    List<StoredEvent> read(String aggregateId);
}

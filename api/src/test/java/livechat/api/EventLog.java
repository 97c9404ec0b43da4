package livechat.api;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.ArrayList;
import java.util.List;

/** Reads the server's whole event log, in global order, for tests that check what was really written. */
public final class EventLog {

    private EventLog() {
    }

    public static List<TrackedEventMessage<?>> read(LivechatServer server) {
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = server.bean(EventStore.class).openStream(null)) {
            while (stream.hasNextAvailable()) {
                events.add(stream.nextAvailable());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return events;
    }

    public static List<Object> payloads(LivechatServer server) {
        return read(server).stream().<Object>map(TrackedEventMessage::getPayload).toList();
    }
}

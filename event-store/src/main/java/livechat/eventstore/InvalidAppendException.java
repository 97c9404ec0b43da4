package livechat.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/** An append the engine refuses as a whole, before storing anything: it could never be read back as offered. */
public class InvalidAppendException extends EventStoreException {

    public InvalidAppendException(String message) {
        super(message);
    }
}

package livechat.eventstore.kurrent;

import org.axonframework.common.AxonTransientException;

/** KurrentDB could not be reached in time; nothing was written, and the same call may succeed later. */
public class EventStoreUnavailableException extends AxonTransientException {

    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

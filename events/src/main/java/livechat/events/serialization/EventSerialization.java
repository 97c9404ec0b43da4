package livechat.events.serialization;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The one way events are turned into bytes. The server, the replay tool and the audit hash chain all use it, so a
 * payload digest computed anywhere matches the one computed everywhere else.
 */
public final class EventSerialization {

    private EventSerialization() {
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Old events must stay readable after a record gains a field, and vice versa.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }
}

package livechat.events.serialization;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import livechat.events.privacy.DataKeys;
import livechat.events.privacy.PersonalDataModule;
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

    /**
     * The mapper whose records' {@link livechat.events.privacy.PersonalData} components are sealed under
     * {@code keys} as they are written and opened as they are read.
     */
    public static ObjectMapper objectMapper(DataKeys keys) {
        return objectMapper().registerModule(new PersonalDataModule(keys));
    }

    /** Events as JSON with personal data as written: for tests and tools that keep nothing. */
    public static Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }

    /** Events as the server stores them: personal data sealed under {@code keys}. */
    public static Serializer serializer(DataKeys keys) {
        return JacksonSerializer.builder().objectMapper(objectMapper(keys)).build();
    }

    /**
     * Snapshots are aggregates, whose state lives in private fields without accessors: they are written field by
     * field. Events keep the record form of {@link #serializer()}.
     */
    public static Serializer snapshotSerializer() {
        ObjectMapper fields = objectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(fields).build();
    }
}

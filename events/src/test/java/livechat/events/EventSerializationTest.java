package livechat.events;

import livechat.events.agent.AgentEvent;
import livechat.events.canned.CannedResponseEvent;
import livechat.events.conversation.ConversationEvent;
import livechat.events.privacy.DataKeys;
import livechat.events.serialization.EventSerialization;
import livechat.events.staff.StaffEvent;
import livechat.events.subject.DataSubjectEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event of every aggregate survives the trip through the one serializer unchanged. New events are found
 * through the sealed interfaces, so none can be added without being covered.
 */
class EventSerializationTest {

    private final Serializer serializer = EventSerialization.serializer();

    static Stream<Class<?>> events() {
        return Stream.of(ConversationEvent.class, AgentEvent.class, CannedResponseEvent.class, StaffEvent.class,
                        DataSubjectEvent.class)
                .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()));
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTrips(Class<?> type) throws Exception {
        Object event = sample(type);
        SerializedObject<byte[]> bytes = serializer.serialize(event, byte[].class);
        assertThat((Object) serializer.deserialize(bytes)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsSealed(Class<?> type) throws Exception {
        Serializer sealing = EventSerialization.serializer(DataKeys.inMemory());
        Object event = sample(type);
        SerializedObject<byte[]> bytes = sealing.serialize(event, byte[].class);
        assertThat((Object) sealing.deserialize(bytes)).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void eventsAreRecordsNamedInThePastTense(Class<?> type) {
        assertThat(type.isRecord()).isTrue();
        assertThat(type.getSimpleName()).matches(".*(ed|Sent|Seen)$");
    }

    /** An instance with every component set to a distinct, non-default value. */
    private static Object sample(Class<?> type) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i].getType(), i);
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return type.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object value(Class<?> type, int index) {
        if (type == String.class) {
            return "value-" + index;
        } else if (type == int.class) {
            return index + 3;
        } else if (type == long.class || type == Long.class) {
            return index + 1_000_000_000_000L;
        } else if (type == boolean.class) {
            return true;
        } else if (type == Actor.class) {
            return new Actor(Role.SUPERVISOR, "s-" + index);
        } else if (type == AgentStatus.class) {
            return AgentStatus.AWAY;
        } else if (type == Set.class) {
            return Set.of("billing", "returns");
        } else if (type == List.class) {
            return List.of(new Attachment("invoice.pdf", "application/pdf", 48_213, "ab".repeat(32)));
        }
        throw new IllegalArgumentException("no sample value for " + type);
    }
}

package livechat.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Against Axon's own invoker with its default sequencing policy, as the server's processors decide. */
class ProcessorSegmentsTest {

    private final SimpleEventHandlerInvoker axon = SimpleEventHandlerInvoker.builder()
            .eventHandlers(List.of((EventMessageHandler) event -> null)).build();

    @ParameterizedTest(name = "{0} segment(s)")
    @ValueSource(ints = {1, 2, 3, 4, 16})
    void everyEventBelongsToTheOneSegmentAxonHandlesItIn(int count) {
        // Three: one of two segments split again, so the segments differ in size.
        List<Integer> ids = IntStream.range(0, count).boxed().toList();
        Segment[] axonSegments = Segment.computeSegments(ids.stream().mapToInt(Integer::intValue).toArray());
        ProcessorSegments segments = new ProcessorSegments(ids);
        List<EventMessage<?>> events = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            String conversation = UUID.randomUUID().toString();
            events.add(new GenericDomainEventMessage<>("Conversation", conversation, n, new Greeted("hi")));
            events.add(GenericEventMessage.asEventMessage(new Greeted("no aggregate")));
        }

        for (EventMessage<?> event : events) {
            List<Integer> handling = new ArrayList<>();
            for (Segment segment : axonSegments) {
                if (axon.canHandle(event, segment)) {
                    handling.add(segment.getSegmentId());
                }
            }
            assertThat(handling).hasSize(1);
            assertThat(segments.of(event)).isEqualTo(OptionalInt.of(handling.get(0)));
            if (event instanceof GenericDomainEventMessage<?> domain) {
                assertThat(segments.ofAggregate(domain.getAggregateIdentifier())).isEqualTo(segments.of(event));
            }
        }
    }
}

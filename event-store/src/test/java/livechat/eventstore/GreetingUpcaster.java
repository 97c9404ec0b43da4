package livechat.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/** Upcasts {@link LegacyGreeting} to {@link Greeted} and records the type and revision of everything it saw. */
public final class GreetingUpcaster extends SingleEventUpcaster {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    public List<String> seen() {
        return seen;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        seen.add(event.getType().getName() + "@" + event.getType().getRevision());
        return event.getType().getName().equals(LegacyGreeting.class.getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(Greeted.class.getName(), "1"), JsonNode.class, json -> {
            ObjectNode renamed = ((ObjectNode) json).deepCopy();
            renamed.set("text", renamed.remove("words"));
            return renamed;
        });
    }
}

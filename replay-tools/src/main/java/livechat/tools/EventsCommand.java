package livechat.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import livechat.events.audit.StoredEvent;
import livechat.events.serialization.EventSerialization;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import livechat.tools.LivechatTool.ToolFailure;
import picocli.CommandLine.Command;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Prints a conversation's events: sequence, global position, time, type and payload, its "
                + "personal data opened ([erased] where its key was destroyed), or with --as-stored exactly as "
                + "stored.")
class EventsCommand implements Callable<Integer> {

    private static final ObjectMapper PLAIN = EventSerialization.objectMapper();

    @Mixin
    StoreOptions options;

    @Parameters(paramLabel = "<conversation-id>")
    String conversationId;

    @Option(names = "--as-stored", description = "The payloads as stored, personal data sealed.")
    boolean asStored;

    @Override
    public Integer call() {
        try (Stores stores = new Stores(options)) {
            List<StoredEvent> events = new JdbcStoredEvents(stores.events()).read(conversationId);
            if (events.isEmpty()) {
                throw new ToolFailure("no events for conversation " + conversationId, LivechatTool.NOT_FOUND);
            }
            System.out.printf("%-5s %-9s %-27s %-24s %s%n", "seq", "position", "timestamp", "type", "payload");
            for (StoredEvent event : events) {
                String type = event.payloadType().substring(event.payloadType().lastIndexOf('$') + 1);
                System.out.printf("%-5d %-9d %-27s %-24s %s%n", event.sequence(), event.position(),
                        event.timestamp(), type, asStored ? new String(event.payload(), StandardCharsets.UTF_8)
                                : opened(event, stores.sealing().serializer()));
            }
        }
        return 0;
    }

    /** The payload read as the server reads it (personal data opened) and written again as plain JSON. */
    private static String opened(StoredEvent event, Serializer serializer) {
        try {
            Object payload = serializer.deserialize(new SimpleSerializedObject<>(event.payload(), byte[].class,
                    event.payloadType(), null));
            return PLAIN.writeValueAsString(payload);
        } catch (RuntimeException | JsonProcessingException unreadable) {
            return new String(event.payload(), StandardCharsets.UTF_8);
        }
    }
}

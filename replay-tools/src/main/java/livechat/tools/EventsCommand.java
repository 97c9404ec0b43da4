package livechat.tools;

import livechat.events.audit.StoredEvent;
import livechat.eventstore.jdbc.JdbcStoredEvents;
import livechat.tools.LivechatTool.ToolFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Prints a conversation's events exactly as stored: sequence, global position, time, type and "
                + "payload.")
class EventsCommand implements Callable<Integer> {

    @Mixin
    StoreOptions options;

    @Parameters(paramLabel = "<conversation-id>")
    String conversationId;

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
                        event.timestamp(), type, new String(event.payload(), StandardCharsets.UTF_8));
            }
        }
        return 0;
    }
}

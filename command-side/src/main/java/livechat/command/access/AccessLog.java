package livechat.command.access;

import livechat.command.access.AccessCommand.RecordConversationRead;
import livechat.events.Role;
import livechat.events.access.AccessEvent;
import livechat.events.access.AccessEvent.ConversationRecordsRead;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.Set;
import java.util.regex.Pattern;

import static livechat.command.access.AccessRule.PURPOSE_FORMAT;
import static livechat.command.access.AccessRule.RESOURCE;
import static livechat.command.access.AccessRule.STAFF_ONLY;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Who read a conversation's records: one log per conversation, started by the first read. It only records; the
 * caller has already decided that the reader may read.
 */
public class AccessLog {

    static final Set<String> RESOURCES = Set.of("transcript", "transcript-export", "audit", "audit-verification",
            "audit-export", "attachment");
    /** Printable text without control, format (bidi) or line-separator characters. */
    private static final Pattern PURPOSE = Pattern.compile("[^\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]{1,200}");

    @AggregateIdentifier
    private String logId;

    protected AccessLog() {
        // Axon rebuilds the aggregate from its events through this constructor.
    }

    public static String logId(String conversationId) {
        return AccessEvent.logId(conversationId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordConversationRead command) {
        if (command.actor().role() == Role.VISITOR) {
            throw STAFF_ONLY.broken("Only reads by staff are recorded in an access log.");
        }
        if (!RESOURCES.contains(command.resource())) {
            throw RESOURCE.broken("resource is one of " + String.join(", ", RESOURCES.stream().sorted().toList())
                    + ".");
        }
        if (command.purpose() != null && !PURPOSE.matcher(command.purpose()).matches()) {
            throw PURPOSE_FORMAT.broken("A purpose is 1 to 200 printable characters.");
        }
        apply(new ConversationRecordsRead(command.conversationId(), command.actor(), command.resource(),
                command.purpose()));
    }

    @EventSourcingHandler
    void on(ConversationRecordsRead event) {
        logId = logId(event.conversationId());
    }
}

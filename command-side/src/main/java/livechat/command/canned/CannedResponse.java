package livechat.command.canned;

import livechat.command.RuleViolation;
import livechat.command.RuleViolation.Kind;
import livechat.command.canned.CannedResponseCommand.RemoveCannedResponse;
import livechat.command.canned.CannedResponseCommand.SaveCannedResponse;
import livechat.events.Role;
import livechat.events.canned.CannedResponseEvent.CannedResponseRemoved;
import livechat.events.canned.CannedResponseEvent.CannedResponseSaved;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One predefined reply in the shared library, under a key agents send it by. */
public class CannedResponse {

    static final String SUPERVISORS_MANAGE = "supervisors-manage-canned-responses";
    static final String KEY_FORMAT = "canned-response-key";
    static final String CONTENT = "canned-response-content";
    static final String EXISTS = "canned-response-exists";
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    @AggregateIdentifier
    private String key;
    private String text;
    private boolean removed;

    protected CannedResponse() {
        // Axon rebuilds the aggregate from its events through this constructor.
    }

    /** Creates the response or replaces its text; a removed key can be saved again. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(SaveCannedResponse command) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw new RuleViolation(Kind.FORBIDDEN, SUPERVISORS_MANAGE, "Canned responses are managed by supervisors.");
        }
        if (command.key() == null || !KEY.matcher(command.key()).matches()) {
            throw new RuleViolation(Kind.INVALID, KEY_FORMAT,
                    "A canned response key is 1 to 64 lowercase letters, digits or '-'.");
        }
        String title = command.title() == null ? "" : command.title().strip();
        String body = command.text() == null ? "" : command.text().strip();
        if (title.isEmpty() || title.length() > 200 || body.isEmpty() || body.length() > 4000) {
            throw new RuleViolation(Kind.INVALID, CONTENT,
                    "A canned response has a title of 1 to 200 and a text of 1 to 4000 characters.");
        }
        if (removed || !body.equals(text)) {
            apply(new CannedResponseSaved(command.key(), title, body, command.actor()));
        }
    }

    @CommandHandler
    public void handle(RemoveCannedResponse command) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw new RuleViolation(Kind.FORBIDDEN, SUPERVISORS_MANAGE, "Canned responses are managed by supervisors.");
        }
        if (!removed) {
            apply(new CannedResponseRemoved(key, command.actor()));
        }
    }

    /** The text to send, refused when the response was removed. */
    public String textToSend() {
        if (removed) {
            throw new RuleViolation(Kind.NOT_FOUND, EXISTS, "Canned response '" + key + "' was removed.");
        }
        return text;
    }

    @EventSourcingHandler
    void on(CannedResponseSaved event) {
        key = event.key();
        text = event.text();
        removed = false;
    }

    @EventSourcingHandler
    void on(CannedResponseRemoved event) {
        removed = true;
    }
}

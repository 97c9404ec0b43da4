package livechat.command.canned;

import livechat.command.Limits;
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

import static livechat.command.canned.CannedResponseRule.CONTENT;
import static livechat.command.canned.CannedResponseRule.EXISTS;
import static livechat.command.canned.CannedResponseRule.KEY_FORMAT;
import static livechat.command.canned.CannedResponseRule.SUPERVISORS_MANAGE;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One predefined reply in the shared library, under a key agents send it by. */
public class CannedResponse {

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
            throw SUPERVISORS_MANAGE.broken("Canned responses are managed by supervisors.");
        }
        if (command.key() == null || !KEY.matcher(command.key()).matches()) {
            throw KEY_FORMAT.broken("A canned response key is 1 to 64 lowercase letters, digits or '-'.");
        }
        String title = command.title() == null ? "" : command.title().strip();
        String body = command.text() == null ? "" : command.text().strip();
        if (title.isEmpty() || title.length() > Limits.CANNED_RESPONSE_TITLE || body.isEmpty()
                || body.length() > Limits.TEXT) {
            throw CONTENT.broken("A canned response has a title of 1 to " + Limits.CANNED_RESPONSE_TITLE
                    + " and a text of 1 to " + Limits.TEXT + " characters.");
        }
        if (removed || !body.equals(text)) {
            apply(new CannedResponseSaved(command.key(), title, body, command.actor()));
        }
    }

    @CommandHandler
    public void handle(RemoveCannedResponse command) {
        if (!command.actor().is(Role.SUPERVISOR)) {
            throw SUPERVISORS_MANAGE.broken("Canned responses are managed by supervisors.");
        }
        if (!removed) {
            apply(new CannedResponseRemoved(key, command.actor()));
        }
    }

    /** The text to send, refused when the response was removed. */
    public String textToSend() {
        if (removed) {
            throw EXISTS.broken("Canned response '" + key + "' was removed.");
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

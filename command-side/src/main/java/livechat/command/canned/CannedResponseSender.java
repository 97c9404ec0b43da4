package livechat.command.canned;

import livechat.command.canned.CannedResponseCommand.SendCannedResponse;
import livechat.command.conversation.Conversation;
import livechat.command.conversation.ConversationCommand.SendMessage;
import livechat.command.conversation.ConversationHistory;
import livechat.command.conversation.MessageAccepted;
import livechat.events.Role;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.List;

/**
 * Sends a canned response as the agent's own message: reads the library entry and hands the conversation an
 * ordinary {@code SendMessage}, in one unit of work, so every message rule still applies.
 */
public class CannedResponseSender {

    private final Repository<CannedResponse> library;
    private final Repository<Conversation> conversations;

    public CannedResponseSender(Repository<CannedResponse> library, Repository<Conversation> conversations) {
        this.library = library;
        this.conversations = conversations;
    }

    @CommandHandler
    public MessageAccepted handle(SendCannedResponse command, ConversationHistory history) throws Exception {
        if (!command.actor().is(Role.AGENT)) {
            throw CannedResponseRule.SENT_BY_AGENTS.broken("Agents send canned responses.");
        }
        String text;
        try {
            text = library.load(command.key()).invoke(CannedResponse::textToSend);
        } catch (AggregateNotFoundException unknown) {
            throw CannedResponseRule.EXISTS.broken("There is no canned response '" + command.key() + "'.");
        }
        SendMessage send = new SendMessage(command.conversationId(), command.actor(), command.clientMessageId(),
                command.messageId(), text, false, List.of(), command.key());
        return conversations.load(command.conversationId()).invoke(conversation -> conversation.handle(send, history));
    }
}

package livechat.command.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;
import livechat.command.conversation.ConversationCommand.TagConversation;
import livechat.command.conversation.ConversationCommand.UntagConversation;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.conversation.ConversationEvent.ConversationTagged;
import livechat.events.conversation.ConversationEvent.ConversationUntagged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.HashSet;
import java.util.Set;

import static livechat.command.conversation.ConversationRule.TAGS_BY_AGENTS;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The labels agents and supervisors put on a conversation, each at most once; tagging twice or removing a tag that
 * is not there changes nothing and is not refused. A member of the conversation that handles its own commands,
 * which depend on nothing else of it.
 */
final class Tags {

    @JsonProperty("tags")
    private final Set<String> names = new HashSet<>();

    @CommandHandler
    void handle(TagConversation command) {
        String tag = checked(command.actor(), command.tag()).name();
        if (!names.contains(tag)) {
            apply(new ConversationTagged(command.conversationId(), tag, command.actor()));
        }
    }

    @CommandHandler
    void handle(UntagConversation command) {
        String tag = checked(command.actor(), command.tag()).name();
        if (names.contains(tag)) {
            apply(new ConversationUntagged(command.conversationId(), tag, command.actor()));
        }
    }

    private static Tag checked(Actor actor, String tag) {
        if (!actor.is(Role.AGENT) && !actor.is(Role.SUPERVISOR)) {
            throw TAGS_BY_AGENTS.broken("Conversations are tagged by agents and supervisors.");
        }
        return Tag.of(tag);
    }

    @EventSourcingHandler
    void on(ConversationTagged event) {
        names.add(event.tag());
    }

    @EventSourcingHandler
    void on(ConversationUntagged event) {
        names.remove(event.tag());
    }
}

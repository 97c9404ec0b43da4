package livechat.api.http;

import livechat.command.access.AccessCommand.RecordConversationRead;
import livechat.events.Actor;
import livechat.events.Role;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records a read of a conversation's records by staff in its access log before the records are answered: a read
 * that cannot be recorded is not answered. The purpose is the {@code X-Purpose} header or the {@code purpose}
 * parameter, if either is given.
 */
@Component
class AccessRecorder {

    static final String PURPOSE_HEADER = "X-Purpose";

    private final Commands commands;

    AccessRecorder(Commands commands) {
        this.commands = commands;
    }

    /** {@code answer} once its read is recorded; an empty answer (nothing found) records nothing. */
    <T> Mono<T> recorded(Mono<T> answer, Actor actor, String conversationId, String resource,
                         ServerHttpRequest request) {
        if (actor.role() == Role.VISITOR) {
            return answer;
        }
        String purpose = request.getHeaders().getFirst(PURPOSE_HEADER);
        if (purpose == null) {
            purpose = request.getQueryParams().getFirst("purpose");
        }
        RecordConversationRead read = new RecordConversationRead(conversationId, actor, resource, purpose);
        return answer.flatMap(found -> commands.send(read).thenReturn(found));
    }
}

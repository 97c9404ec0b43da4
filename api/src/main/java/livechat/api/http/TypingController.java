package livechat.api.http;

import livechat.api.security.ConversationAccess;
import livechat.events.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code POST /api/conversations/{id}/typing {"typing": true}}: refresh every few seconds while typing. */
@RestController
class TypingController {

    record TypingRequest(Boolean typing) {
    }

    private final ConversationAccess access;
    private final TypingIndicators indicators;

    TypingController(ConversationAccess access, TypingIndicators indicators) {
        this.access = access;
        this.indicators = indicators;
    }

    @PostMapping("/api/conversations/{conversationId}/typing")
    Mono<ResponseEntity<Void>> typing(Actor actor, @PathVariable String conversationId,
                                      @RequestBody TypingRequest request) {
        return access.toRead(conversationId, actor)
                .flatMap(conversation -> request.typing() == null ? Mono.error(ConversationController.missing("typing"))
                        : Mono.just(conversation))
                .doOnNext(conversation -> indicators.typing(conversationId, actor, request.typing()))
                .thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED).build());
    }
}

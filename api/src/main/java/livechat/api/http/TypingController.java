package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.events.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** {@code POST /api/conversations/{id}/typing {"typing": true}}: refresh every few seconds while typing. */
@RestController
@Tag(name = "conversations")
class TypingController {

    record TypingRequest(@Schema(requiredMode = REQUIRED, description = "true while typing, false when stopped")
                         Boolean typing) {
    }

    private final ConversationAccess access;
    private final TypingIndicators indicators;

    TypingController(ConversationAccess access, TypingIndicators indicators) {
        this.access = access;
        this.indicators = indicators;
    }

    @PostMapping("/api/conversations/{conversationId}/typing")
    @Operation(operationId = "signalTyping", summary = "Say that you are typing (live streams only, never stored)")
    @ApiResponse(responseCode = "202", description = "Passed on to the conversation's live streams; ends after 5 s "
            + "without a refresh")
    @Refuses({ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP})
    Mono<ResponseEntity<Void>> typing(Actor actor, @PathVariable String conversationId,
                                      @RequestBody TypingRequest request) {
        return access.toRead(conversationId, actor)
                .flatMap(conversation -> request.typing() == null ? Mono.error(ConversationController.missing("typing"))
                        : Mono.just(conversation))
                .doOnNext(conversation -> indicators.typing(conversationId, actor, request.typing()))
                .thenReturn(ResponseEntity.status(HttpStatus.ACCEPTED).build());
    }
}

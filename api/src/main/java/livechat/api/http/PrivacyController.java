package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.Identity;
import livechat.command.subject.Erasure;
import livechat.command.subject.SubjectCommand.EraseVisitorData;
import livechat.command.subject.SubjectRule;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.privacy.DataKeys;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.regex.Pattern;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Requests about a visitor's personal data, by privacy staff (role {@code privacy}) or supervisors. */
@RestController
@Tag(name = "privacy")
class PrivacyController {

    /** A visitor id has the form of an actor id; any other cannot name a visitor whose data is kept. */
    private static final Pattern VISITOR_ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private final Commands commands;
    private final DataKeys keys;

    PrivacyController(Commands commands, DataKeys keys) {
        this.commands = commands;
        this.keys = keys;
    }

    record ErasureRequest(@Schema(requiredMode = REQUIRED) String reason,
                          @Schema(requiredMode = REQUIRED, pattern = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$",
                                  example = "gdpr-art-17") String legalBasis) {
    }

    /** {@code recorded} is false when the visitor's data had already been erased: nothing new was written. */
    record ErasureAnswer(String visitorId, boolean erased, boolean recorded) {
    }

    /**
     * Erases the visitor's personal data: the erasure is recorded in the log, then the visitor's key is destroyed,
     * so every read shows {@code [erased]} for their content from the answer on. Asking again answers the same with
     * {@code recorded} false.
     */
    @PostMapping("/api/visitors/{visitorId}/erasure")
    @Operation(operationId = "eraseVisitorData", summary = "Erase a visitor's personal data (crypto-shredding)")
    @Refuses(subject = {SubjectRule.ERASURE_BY_PRIVACY_OR_SUPERVISOR, SubjectRule.VISITOR_NOT_FOUND,
            SubjectRule.ERASURE_REASON_REQUIRED, SubjectRule.LEGAL_BASIS_FORMAT}, writes = true)
    Mono<ErasureAnswer> erase(Identity identity, @PathVariable String visitorId,
                              @RequestBody ErasureRequest request) {
        Actor actor = identity.actingAs(identity.holds(Role.PRIVACY) ? Role.PRIVACY : Role.SUPERVISOR);
        if (!VISITOR_ID.matcher(visitorId).matches()) {
            return Mono.error(SubjectRule.VISITOR_NOT_FOUND.broken("No personal data of such a visitor is kept."));
        }
        // Destroyed after the erasure is durable, and again on a repeat, which also covers a stop in between
        // (KeyShredding does it from the log as well).
        return commands.<Erasure>send(new EraseVisitorData(visitorId, actor, request.reason(), request.legalBasis()))
                .flatMap(erasure -> commands.storeWork(() -> keys.eraseSubject(visitorId))
                        .thenReturn(new ErasureAnswer(visitorId, true, erasure.recorded())));
    }
}

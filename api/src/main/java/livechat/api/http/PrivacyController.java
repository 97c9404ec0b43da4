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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindVisitorConversations;
import livechat.query.transcript.TranscriptQueries;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.regex.Pattern;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** Requests about a visitor's personal data, by privacy staff (role {@code privacy}) or supervisors. */
@RestController
@Tag(name = "privacy")
class PrivacyController {

    /** A visitor id has the form of an actor id; any other cannot name a visitor whose data is kept. */
    private static final String ZIP = "application/zip";
    private static final Pattern VISITOR_ID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private final Commands commands;
    private final DataKeys keys;
    private final TranscriptQueries transcripts;
    private final SubjectAccessExport exports;
    private final Clock clock;

    PrivacyController(Commands commands, DataKeys keys, TranscriptQueries transcripts, EventStore events,
                      ObjectMapper json, Clock clock) {
        this.commands = commands;
        this.keys = keys;
        this.transcripts = transcripts;
        this.exports = new SubjectAccessExport(events, json);
        this.clock = clock;
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
            SubjectRule.ERASURE_REASON_REQUIRED, SubjectRule.LEGAL_BASIS_FORMAT, SubjectRule.LEGAL_HOLD}, writes = true)
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

    /**
     * A subject access export: a zip of everything kept of the visitor, read from the log and opened with their
     * keys ({@code [erased]} where a key is destroyed). The conversations are those the read model knows.
     */
    @GetMapping(value = "/api/visitors/{visitorId}/data-export", produces = ZIP)
    @Operation(operationId = "exportVisitorData", summary = "Export everything kept of a visitor (subject access)")
    @ApiResponse(responseCode = "200", description = "A zip of visitor.json and conversations/<id>.json",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=visitor-<id>.zip",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = ZIP, schema = @Schema(type = "string", format = "binary")))
    @Refuses(value = ApiRule.READ_MODEL_CATCHING_UP, subject = SubjectRule.VISITOR_NOT_FOUND)
    Mono<ResponseEntity<byte[]>> export(Identity identity, @PathVariable String visitorId) {
        if (!VISITOR_ID.matcher(visitorId).matches()) {
            return Mono.error(SubjectRule.VISITOR_NOT_FOUND.broken("No personal data of such a visitor is kept."));
        }
        return transcripts.handle(new FindVisitorConversations(visitorId)).map(ConversationSummary::conversationId)
                .collectList()
                .flatMap(conversations -> commands.storeWork(() -> {
                    if (conversations.isEmpty() && !keys.knowsSubject(visitorId)) {
                        throw SubjectRule.VISITOR_NOT_FOUND.broken("No personal data of visitor " + visitorId
                                + " is kept.");
                    }
                    return exports.export(new SubjectAccessExport.VisitorData(visitorId, clock.instant(),
                            keys.subjectErased(visitorId), conversations));
                }))
                .map(zip -> ResponseEntity.ok().contentType(MediaType.parseMediaType(ZIP))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("visitor-" + visitorId + ".zip").build().toString())
                        .body(zip));
    }
}

package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.command.access.AccessRule;
import livechat.events.Actor;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.ExportTranscript;
import livechat.query.transcript.FindTranscript;
import livechat.query.transcript.Transcript;
import livechat.query.transcript.TranscriptQueries;
import livechat.query.transcript.TranscriptText;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/** Reads of one conversation: its summary and its transcript (a page or an export), as the reader may see them. */
@RestController
@RequestMapping("/api/conversations")
@Tag(name = "transcripts")
class TranscriptController {

    private final ConversationAccess access;
    private final TranscriptQueries queries;
    private final AccessRecorder recorder;

    TranscriptController(ConversationAccess access, TranscriptQueries queries, AccessRecorder recorder) {
        this.access = access;
        this.queries = queries;
        this.recorder = recorder;
    }

    @GetMapping("/{conversationId}")
    @Operation(operationId = "getConversation", summary = "Read a conversation's summary")
    @Refuses({ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP})
    Mono<ConversationSummary> conversation(Actor actor, @PathVariable String conversationId) {
        return access.toSummarize(conversationId, actor);
    }

    @GetMapping("/{conversationId}/transcript")
    @Operation(operationId = "getTranscript", summary = "Read a page of a conversation's transcript")
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP, ApiRule.PAGE_BOUNDS},
            access = AccessRule.PURPOSE_FORMAT, writes = true)
    Mono<Transcript> transcript(Actor actor, @PathVariable String conversationId,
                                @Parameter(description = "The sequence to read after (-1: from the start)",
                                        schema = @Schema(type = "integer", format = "int64", minimum = "-1",
                                                defaultValue = "-1"))
                                @RequestParam(defaultValue = "-1") long after,
                                @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                        maximum = "1000", defaultValue = "100"))
                                @RequestParam(defaultValue = "100") int limit, ServerHttpRequest request) {
        return access.toRead(conversationId, actor).flatMap(conversation -> {
            if (limit < 1 || limit > FindTranscript.MAX_LIMIT || after < -1) {
                return Mono.error(new ProblemException(ApiRule.PAGE_BOUNDS,
                        "limit is 1 to " + FindTranscript.MAX_LIMIT + " and after is -1 or a sequence number."));
            }
            return recorder.recorded(queries.handle(new FindTranscript(conversationId, actor.role(), after, limit)),
                    actor, conversationId, "transcript", request);
        });
    }

    /** The whole transcript as a file: JSON (the transcript's shape, every message) or plain text. */
    @GetMapping("/{conversationId}/transcript/export")
    @Operation(operationId = "exportTranscript", summary = "Export a conversation's whole transcript as a file")
    @ApiResponse(responseCode = "200", description = "The transcript as an attachment: JSON or plain text",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=transcript-<id>.json "
                    + "or .txt", schema = @Schema(type = "string")),
            content = {@Content(mediaType = "application/json", schema = @Schema(implementation = Transcript.class)),
                    @Content(mediaType = "text/plain", schema = @Schema(type = "string"))})
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP, ApiRule.EXPORT_FORMAT},
            access = AccessRule.PURPOSE_FORMAT, writes = true)
    Mono<ResponseEntity<?>> export(Actor actor, @PathVariable String conversationId,
                                   @Parameter(schema = @Schema(allowableValues = {"json", "text"},
                                           defaultValue = "json"))
                                   @RequestParam(defaultValue = "json") String format,
                                   ServerHttpRequest request) {
        return access.toRead(conversationId, actor).flatMap(conversation -> !format.equals("json")
                && !format.equals("text") ? Mono.error(new ProblemException(ApiRule.EXPORT_FORMAT,
                "format is json or text.")) : recorder.recorded(queries
                .handle(new ExportTranscript(conversationId, actor.role())), actor, conversationId,
                "transcript-export", request)
                .map(transcript -> {
                    ResponseEntity.BodyBuilder file = ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment().filename("transcript-" + conversationId
                                    + (format.equals("json") ? ".json" : ".txt")).build().toString());
                    return format.equals("json")
                            ? file.contentType(MediaType.APPLICATION_JSON).body(transcript)
                            : file.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                            .body(TranscriptText.render(conversation, transcript));
                }));
    }
}

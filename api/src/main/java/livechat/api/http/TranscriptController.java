package livechat.api.http;

import livechat.api.security.ConversationAccess;
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
    Mono<ConversationSummary> conversation(Actor actor, @PathVariable String conversationId) {
        return access.toSummarize(conversationId, actor);
    }

    @GetMapping("/{conversationId}/transcript")
    Mono<Transcript> transcript(Actor actor, @PathVariable String conversationId,
                                @RequestParam(defaultValue = "-1") long after,
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
    Mono<ResponseEntity<?>> export(Actor actor, @PathVariable String conversationId,
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

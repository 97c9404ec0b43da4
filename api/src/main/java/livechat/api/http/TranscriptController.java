package livechat.api.http;

import livechat.events.Actor;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.FindTranscript;
import livechat.query.transcript.Transcript;
import livechat.query.transcript.TranscriptQueries;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Reads of one conversation: its summary and its transcript, as the reader may see them. */
@RestController
@RequestMapping("/api/conversations")
class TranscriptController {

    private final ConversationLookup lookup;
    private final TranscriptQueries queries;

    TranscriptController(ConversationLookup lookup, TranscriptQueries queries) {
        this.lookup = lookup;
        this.queries = queries;
    }

    @GetMapping("/{conversationId}")
    Mono<ConversationSummary> conversation(Actor actor, @PathVariable String conversationId) {
        return lookup.readableBy(conversationId, actor);
    }

    @GetMapping("/{conversationId}/transcript")
    Mono<Transcript> transcript(Actor actor, @PathVariable String conversationId,
                                @RequestParam(defaultValue = "-1") long after,
                                @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > FindTranscript.MAX_LIMIT || after < -1) {
            return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "page-bounds",
                    "limit is 1 to " + FindTranscript.MAX_LIMIT + " and after is -1 or a sequence number."));
        }
        return lookup.readableBy(conversationId, actor).flatMap(conversation -> queries.handle(
                new FindTranscript(conversationId, actor.role(), after, limit)));
    }
}

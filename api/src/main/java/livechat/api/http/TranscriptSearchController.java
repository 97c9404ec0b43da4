package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.transcript.ConversationSummary;
import livechat.query.transcript.SearchTranscripts;
import livechat.query.transcript.TranscriptQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Finds transcripts for staff: by an agent who held the conversation, a tag, and when it started. An agent finds
 * only the conversations they hold or held.
 */
@RestController
@Tag(name = "transcripts")
class TranscriptSearchController {

    /** The answer: matching conversations, oldest first; read each with its transcript call. */
    record TranscriptSearchResult(List<ConversationSummary> conversations) {
    }

    /** How a time bound is written, in the description of every parameter that takes one. */
    static final String TIME_BOUND = "An ISO-8601 instant, or a day YYYY-MM-DD (as a bound `to`, the whole day is "
            + "included)";

    private final TranscriptQueries queries;

    TranscriptSearchController(TranscriptQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/transcripts")
    @Operation(operationId = "searchTranscripts", summary = "Find conversations by agent, tag, start time and status")
    @Refuses({ApiRule.STAFF_ONLY, ApiRule.AGENTS_SEARCH_OWN_CONVERSATIONS, ApiRule.TIME_RANGE, ApiRule.PAGE_BOUNDS,
            ApiRule.CONVERSATION_STATUS})
    Mono<TranscriptSearchResult> search(Actor actor, @RequestParam(required = false) String agent,
                                        @Parameter(description = TIME_BOUND) @RequestParam(required = false)
                                        String from,
                                        @Parameter(description = TIME_BOUND) @RequestParam(required = false)
                                        String to,
                                        @RequestParam(required = false) String tag,
                                        @Parameter(schema = @Schema(allowableValues = {"OPEN", "CLOSED"}))
                                        @RequestParam(required = false) String status,
                                        @Parameter(schema = @Schema(type = "integer", format = "int32",
                                                minimum = "1", maximum = "1000",
                                                defaultValue = "100"))
                                        @RequestParam(defaultValue = "100") int limit) {
        Readers.require(actor, ApiRule.STAFF_ONLY.refused("Only agents, supervisors and auditors search transcripts."),
                Role.AGENT, Role.SUPERVISOR, Role.AUDITOR);
        if (actor.is(Role.AGENT)) {
            // Agents see the conversations they hold or held, so their search is always by themselves.
            if (agent != null && !agent.isBlank() && !agent.equals(actor.id())) {
                throw new ProblemException(ApiRule.AGENTS_SEARCH_OWN_CONVERSATIONS,
                        "Agents search the conversations they hold or held: leave agent out or name yourself.");
            }
            agent = actor.id();
        }
        Instant start = Readers.bound("from", from, false);
        Instant end = Readers.bound("to", to, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new ProblemException(ApiRule.TIME_RANGE, "from must be before to.");
        }
        if (limit < 1 || limit > SearchTranscripts.MAX_LIMIT) {
            throw new ProblemException(ApiRule.PAGE_BOUNDS,
                    "limit is 1 to " + SearchTranscripts.MAX_LIMIT + ".");
        }
        String state = blankToNull(status) == null ? null : status.toUpperCase(Locale.ROOT);
        if (state != null && !SearchTranscripts.STATUSES.contains(state)) {
            throw new ProblemException(ApiRule.CONVERSATION_STATUS, "status is OPEN or CLOSED.");
        }
        return queries.handle(new SearchTranscripts(blankToNull(agent), start, end, blankToNull(tag), state, limit))
                .collectList().map(TranscriptSearchResult::new);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

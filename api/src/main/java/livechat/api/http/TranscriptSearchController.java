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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Finds transcripts for staff: by an agent who held the conversation, a tag, and when it started. An agent finds
 * only the conversations they hold or held.
 */
@RestController
@Tag(name = "transcripts")
class TranscriptSearchController {

    /**
     * The answer: matching conversations, oldest first; read each with its transcript call. {@code next}, on a full
     * page, is the {@code after} that reads the following one (which may be empty); absent on a page with fewer.
     */
    record TranscriptSearchResult(List<ConversationSummary> conversations,
                                  @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, nullable = true)
                                  String next) {
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
                                        @RequestParam(defaultValue = "100") int limit,
                                        @Parameter(description = "The `next` of the page read before: this page "
                                                + "continues after it") @RequestParam(required = false)
                                        String after) {
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
        return queries.handle(new SearchTranscripts(blankToNull(agent), start, end, blankToNull(tag), state,
                        cursor(after), limit))
                .collectList().map(found -> new TranscriptSearchResult(found, found.size() < limit ? null
                        : cursor(SearchTranscripts.After.of(found.get(found.size() - 1)))));
    }

    /** The opaque {@code next}: where a page ended, in the search's order. */
    private static String cursor(SearchTranscripts.After after) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((after.startedAt() + " "
                + after.conversationId()).getBytes(StandardCharsets.UTF_8));
    }

    private static SearchTranscripts.After cursor(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8)
                    .split(" ", 2);
            if (parts.length == 2 && !parts[1].isEmpty()) {
                return new SearchTranscripts.After(Instant.parse(parts[0]), parts[1]);
            }
        } catch (IllegalArgumentException | DateTimeParseException malformed) {
            // refused below
        }
        throw new ProblemException(ApiRule.PAGE_BOUNDS, "after is not the next of a page of this search.");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

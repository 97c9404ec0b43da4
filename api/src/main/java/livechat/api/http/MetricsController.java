package livechat.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.command.conversation.ConversationRule;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.metrics.AgentLeaderboard;
import livechat.query.metrics.AgentMetrics;
import livechat.query.metrics.AgentMetricsQueries;
import livechat.query.metrics.ConversationMetrics;
import livechat.query.metrics.FindAgentLeaderboard;
import livechat.query.metrics.FindAgentMetrics;
import livechat.query.metrics.FindConversationMetrics;
import livechat.query.metrics.FindMetricFacts;
import livechat.query.metrics.FindTeamMetrics;
import livechat.query.metrics.MetricFact;
import livechat.query.metrics.TeamMetrics;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;

/** Agent metrics for supervisors, and for each agent their own; durations in milliseconds. */
@RestController
@Tag(name = "metrics")
class MetricsController {

    private static final List<String> CSV_COLUMNS = List.of("kind", "agentId", "agentName", "conversationId", "day",
            "at", "valueMs", "score");
    private static final ObjectWriter CSV_ROWS;

    static {
        CsvSchema.Builder schema = CsvSchema.builder();
        CSV_COLUMNS.forEach(schema::addColumn);
        CSV_ROWS = CsvMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()
                .writer(schema.build().withoutHeader());
    }

    private static final String DAY = "A day, YYYY-MM-DD";
    private static final String EXPORT_FACTS = "exportMetricFacts";
    private static final String EXPORT_FACTS_SUMMARY = "Every metric fact of a range of days, as NDJSON or CSV "
            + "(supervisors)";

    private final AgentMetricsQueries queries;

    MetricsController(AgentMetricsQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/agents/{agentId}/metrics")
    @Operation(operationId = "getAgentMetrics", summary = "An agent's metrics over a range of days")
    @Refuses({ApiRule.METRICS_SUPERVISORS_OR_SELF, ApiRule.TIME_RANGE})
    Mono<AgentMetrics> agent(Actor actor, @PathVariable String agentId,
                             @Parameter(description = DAY, schema = @Schema(format = "date")) @RequestParam String from,
                             @Parameter(description = DAY, schema = @Schema(format = "date")) @RequestParam String to) {
        if (!actor.is(Role.SUPERVISOR) && !(actor.is(Role.AGENT) && actor.id().equals(agentId))) {
            throw new ProblemException(ApiRule.METRICS_SUPERVISORS_OR_SELF,
                    "Agent metrics are for supervisors and for the agent themself.");
        }
        FindAgentMetrics query = range(from, to, (start, end) -> new FindAgentMetrics(agentId, start, end));
        return queries.handle(query);
    }

    @GetMapping("/api/metrics/agents")
    @Operation(operationId = "getAgentLeaderboard", summary = "The agents' leaderboard over a range of days "
            + "(supervisors)")
    @Refuses(value = ApiRule.TIME_RANGE, conversation = ConversationRule.SUPERVISORS_ONLY)
    Mono<AgentLeaderboard> leaderboard(Actor actor,
                                       @Parameter(description = DAY, schema = @Schema(format = "date"))
                                       @RequestParam String from,
                                       @Parameter(description = DAY, schema = @Schema(format = "date"))
                                       @RequestParam String to) {
        Readers.require(actor, ConversationRule.SUPERVISORS_ONLY.broken("The leaderboard is for supervisors."),
                Role.SUPERVISOR);
        FindAgentLeaderboard query = range(from, to, FindAgentLeaderboard::new);
        return queries.handle(query);
    }

    @GetMapping("/api/metrics/team")
    @Operation(operationId = "getTeamMetrics", summary = "Every agent's figures together, per day, over a range of "
            + "days (supervisors)")
    @Refuses(value = ApiRule.TIME_RANGE, conversation = ConversationRule.SUPERVISORS_ONLY)
    Mono<TeamMetrics> team(Actor actor,
                           @Parameter(description = DAY, schema = @Schema(format = "date")) @RequestParam String from,
                           @Parameter(description = DAY, schema = @Schema(format = "date")) @RequestParam String to) {
        Readers.require(actor, ConversationRule.SUPERVISORS_ONLY.broken("The team's metrics are for supervisors."),
                Role.SUPERVISOR);
        FindTeamMetrics query = range(from, to, FindTeamMetrics::new);
        return queries.handle(query);
    }

    @GetMapping("/api/metrics/conversations/{conversationId}")
    @Operation(operationId = "getConversationMetrics", summary = "A conversation's metrics and the facts behind them "
            + "(supervisors)")
    @Refuses(value = ApiRule.CONVERSATION_NOT_FOUND, conversation = ConversationRule.SUPERVISORS_ONLY)
    Mono<ConversationMetrics> conversation(Actor actor, @PathVariable String conversationId) {
        Readers.require(actor, ConversationRule.SUPERVISORS_ONLY.broken("Conversation metrics are for supervisors."),
                Role.SUPERVISOR);
        return queries.handle(new FindConversationMetrics(conversationId))
                .switchIfEmpty(Mono.error(() -> ConversationAccess.notFound(conversationId)));
    }

    /**
     * Every metric fact of a range of days, for BI tools that do not speak MongoDB: NDJSON (one fact a line, the
     * default) or CSV with a header row; streamed as read. Durations are milliseconds, times ISO-8601 in UTC, days
     * in the metrics' time zone.
     */
    @GetMapping(path = "/api/metrics/facts", params = "format=csv")
    @Operation(operationId = EXPORT_FACTS, summary = EXPORT_FACTS_SUMMARY)
    @ApiResponse(responseCode = "200", description = "NDJSON (one fact a line) or CSV with a header row (an "
            + "attachment, metric-facts-<from>-<to>.csv), streamed as read", content = {
            @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = MetricFact.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @Refuses(value = {ApiRule.TIME_RANGE, ApiRule.EXPORT_FORMAT}, conversation = ConversationRule.SUPERVISORS_ONLY)
    ResponseEntity<Flux<String>> factsAsCsv(Actor actor,
                                            @Parameter(description = DAY, schema = @Schema(format = "date"))
                                            @RequestParam String from,
                                            @Parameter(description = DAY, schema = @Schema(format = "date"))
                                            @RequestParam String to) {
        FindMetricFacts query = facts(actor, from, to);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("metric-facts-" + from + "-" + to + ".csv").build().toString())
                .body(Flux.concat(Mono.just(String.join(",", CSV_COLUMNS) + "\n"),
                        queries.handle(query).map(MetricsController::csvRow)));
    }

    @GetMapping(path = "/api/metrics/facts", params = "format!=csv")
    @Operation(operationId = EXPORT_FACTS, summary = EXPORT_FACTS_SUMMARY)
    @ApiResponse(responseCode = "200", description = "NDJSON (one fact a line) or CSV with a header row (an "
            + "attachment, metric-facts-<from>-<to>.csv), streamed as read", content = {
            @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = MetricFact.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @Refuses(value = {ApiRule.TIME_RANGE, ApiRule.EXPORT_FORMAT}, conversation = ConversationRule.SUPERVISORS_ONLY)
    ResponseEntity<Flux<MetricFact>> factsAsNdjson(Actor actor,
                                                   @Parameter(description = DAY, schema = @Schema(format = "date"))
                                                   @RequestParam String from,
                                                   @Parameter(description = DAY, schema = @Schema(format = "date"))
                                                   @RequestParam String to,
                                                   @Parameter(schema = @Schema(allowableValues = {"ndjson", "csv"},
                                                           defaultValue = "ndjson"))
                                                   @RequestParam(defaultValue = "ndjson") String format) {
        if (!format.equals("ndjson")) {
            throw new ProblemException(ApiRule.EXPORT_FORMAT, "format is ndjson or csv.");
        }
        FindMetricFacts query = facts(actor, from, to);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON).body(queries.handle(query));
    }

    private static FindMetricFacts facts(Actor actor, String from, String to) {
        Readers.require(actor, ConversationRule.SUPERVISORS_ONLY.broken("Metric facts are for supervisors."),
                Role.SUPERVISOR);
        return range(from, to, FindMetricFacts::new);
    }

    private static String csvRow(MetricFact fact) {
        try {
            return CSV_ROWS.writeValueAsString(fact);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A metric fact is plain values", e);
        }
    }

    private static <Q> Q range(String from, String to, BiFunction<LocalDate, LocalDate, Q> query) {
        LocalDate start = Readers.day("from", from);
        LocalDate end = Readers.day("to", to);
        try {
            return query.apply(start, end);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ApiRule.TIME_RANGE, e.getMessage() + ".");
        }
    }
}

package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.api.store.CheckpointSchedule;
import livechat.command.access.AccessRule;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.events.audit.AccessRecord;
import livechat.events.audit.ChainVerification;
import livechat.events.audit.Checkpoint;
import livechat.events.audit.CheckpointSink;
import livechat.eventstore.audit.Checkpointer;
import livechat.query.audit.AuditQueries;
import livechat.query.audit.ConversationAudit;
import livechat.query.audit.Dispute;
import livechat.query.audit.ExportAuditBundle;
import livechat.query.audit.FindAccess;
import livechat.query.audit.FindConversationAudit;
import livechat.query.audit.FindDisputes;
import livechat.query.audit.VerifyConversationAudit;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** The audit: conversations' chains and bundles for auditors; disputes and checkpoints also for supervisors. */
@RestController
@RequestMapping("/api/audits")
@Tag(name = "audits")
class AuditController {

    record DisputeList(List<Dispute> disputes) {
    }

    record AccessList(List<AccessRecord> access) {
    }

    private final AuditQueries queries;
    private final Checkpointer checkpointer;
    private final CheckpointSchedule schedule;

    private final AccessRecorder recorder;

    AuditController(AuditQueries queries, Checkpointer checkpointer, CheckpointSchedule schedule,
                    AccessRecorder recorder) {
        this.queries = queries;
        this.recorder = recorder;
        this.checkpointer = checkpointer;
        this.schedule = schedule;
    }

    @GetMapping("/conversations/{conversationId}")
    @Operation(operationId = "getConversationAudit", summary = "Every event of a conversation with its chain links "
            + "(auditors)")
    @Refuses(value = {ApiRule.AUDITORS_ONLY, ApiRule.CONVERSATION_NOT_FOUND}, access = AccessRule.PURPOSE_FORMAT,
            writes = true)
    Mono<ConversationAudit> conversation(Actor actor, @PathVariable String conversationId,
                                         ServerHttpRequest request) {
        auditorsOnly(actor);
        return found(recorder.recorded(queries.handle(new FindConversationAudit(conversationId)), actor,
                conversationId, "audit", request), conversationId);
    }

    @GetMapping("/conversations/{conversationId}/verify")
    @Operation(operationId = "verifyConversationAudit", summary = "Verify a conversation's chain against the latest "
            + "checkpoint (auditors)")
    @Refuses(value = {ApiRule.AUDITORS_ONLY, ApiRule.CONVERSATION_NOT_FOUND}, access = AccessRule.PURPOSE_FORMAT,
            writes = true)
    Mono<ChainVerification> verify(Actor actor, @PathVariable String conversationId, ServerHttpRequest request) {
        auditorsOnly(actor);
        return found(recorder.recorded(queries.handle(new VerifyConversationAudit(conversationId)), actor,
                conversationId, "audit-verification", request), conversationId);
    }

    /** A zip of events.ndjson and manifest.json that {@code AuditBundle.verify} checks offline. */
    @GetMapping("/conversations/{conversationId}/export")
    @Operation(operationId = "exportAuditBundle", summary = "A conversation's audit bundle, checked offline "
            + "(auditors)")
    @ApiResponse(responseCode = "200", description = "audit-<id>.zip: events.ndjson, access.ndjson, manifest.json",
            headers = @Header(name = "Content-Disposition", description = "attachment; filename=audit-<id>.zip",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    @Refuses(value = {ApiRule.AUDITORS_ONLY, ApiRule.CONVERSATION_NOT_FOUND}, access = AccessRule.PURPOSE_FORMAT,
            writes = true)
    Mono<ResponseEntity<byte[]>> export(Actor actor, @PathVariable String conversationId,
                                        ServerHttpRequest request) {
        auditorsOnly(actor);
        // The read is recorded before the bundle is built, so the bundle's access history includes it.
        return found(recorder.recorded(Mono.just(conversationId), actor, conversationId, "audit-export", request)
                .then(queries.handle(new ExportAuditBundle(conversationId))), conversationId)
                .map(bundle -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("audit-" + conversationId + ".zip").build().toString())
                        .body(bundle));
    }

    /** Who read conversations' records, oldest first: of one conversation, by one actor, within [from, to). */
    @GetMapping("/access")
    @Operation(operationId = "listAccessRecords", summary = "Who read which conversation's records, oldest first "
            + "(auditors)")
    @Refuses({ApiRule.AUDITORS_ONLY, ApiRule.PAGE_BOUNDS, ApiRule.ACTOR_FORMAT, ApiRule.TIME_RANGE})
    Mono<AccessList> access(Actor actor, @RequestParam(required = false) String conversationId,
                            @Parameter(description = "role:id", schema = @Schema(pattern = "^[a-z]+:.+$"))
                            @RequestParam(name = "actor", required = false) String reader,
                            @Parameter(description = TranscriptSearchController.TIME_BOUND)
                            @RequestParam(required = false) String from,
                            @Parameter(description = TranscriptSearchController.TIME_BOUND)
                            @RequestParam(required = false) String to,
                            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                    maximum = "1000", defaultValue = "1000"))
                            @RequestParam(defaultValue = "1000") int limit) {
        auditorsOnly(actor);
        if (limit < 1 || limit > FindAccess.MAX_LIMIT) {
            throw new ProblemException(ApiRule.PAGE_BOUNDS,
                    "limit is 1 to " + FindAccess.MAX_LIMIT + ".");
        }
        FindAccess query = new FindAccess(blankAsNull(conversationId), reader(blankAsNull(reader)),
                Readers.bound("from", from, false), Readers.bound("to", to, true), limit);
        return queries.handle(query).collectList().map(AccessList::new);
    }

    private static Actor reader(String roleAndId) {
        if (roleAndId == null) {
            return null;
        }
        try {
            return Actor.parse(roleAndId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ApiRule.ACTOR_FORMAT, "actor is role:id: " + e.getMessage()
                    + ".");
        }
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @GetMapping("/checkpoints/latest")
    @Operation(operationId = "getLatestCheckpoint", summary = "The latest signed checkpoint")
    @Refuses(value = {ApiRule.AUDITORS_OR_SUPERVISORS, ApiRule.CHECKPOINT_NOT_FOUND}, reads = false)
    Mono<Checkpoint> latestCheckpoint(Actor actor) {
        checkpointReaders(actor);
        return Mono.justOrEmpty(checkpointer.state().latest()).map(CheckpointSink.Entry::checkpoint)
                .switchIfEmpty(Mono.error(() -> new ProblemException(ApiRule.CHECKPOINT_NOT_FOUND,
                        "No checkpoint has been made yet.")));
    }

    @GetMapping("/checkpoints/{sequence}")
    @Operation(operationId = "getCheckpoint", summary = "A signed checkpoint by its number")
    @Refuses(value = {ApiRule.AUDITORS_OR_SUPERVISORS, ApiRule.CHECKPOINT_NOT_FOUND}, reads = false)
    Mono<Checkpoint> checkpoint(Actor actor, @PathVariable long sequence) {
        checkpointReaders(actor);
        return Mono.fromCallable(() -> checkpointer.sink().read(sequence)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::justOrEmpty).map(CheckpointSink.Entry::checkpoint)
                .switchIfEmpty(Mono.error(() -> new ProblemException(ApiRule.CHECKPOINT_NOT_FOUND,
                        "There is no checkpoint " + sequence + ".")));
    }

    /** A checkpoint of every stream's head now, whether or not anything changed since the latest. */
    @PostMapping("/checkpoints")
    @Operation(operationId = "createCheckpoint", summary = "Sign a checkpoint of every stream's head now")
    @ApiResponse(responseCode = "201", description = "Made", headers = @Header(name = "Location",
            description = "The checkpoint", schema = @Schema(type = "string")))
    @Refuses(value = {ApiRule.AUDITORS_OR_SUPERVISORS, ApiRule.CHECKPOINT_SINK_UNAVAILABLE,
            ApiRule.EVENT_STORE_UNAVAILABLE}, reads = false)
    Mono<ResponseEntity<Checkpoint>> makeCheckpoint(Actor actor) {
        checkpointReaders(actor);
        return Mono.fromCallable(schedule::now).subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(IOException.class, e -> ApiRule.CHECKPOINT_SINK_UNAVAILABLE.refused(
                        "The checkpoint could not be written: " + e.getMessage()))
                .map(made -> ResponseEntity.created(URI.create("/api/audits/checkpoints/" + made.sequence()))
                        .body(made));
    }

    @GetMapping("/disputes")
    @Operation(operationId = "listDisputes", summary = "Disputes, open or resolved or all")
    @Refuses({ApiRule.AUDITORS_OR_SUPERVISORS, ApiRule.DISPUTE_STATUS})
    Mono<DisputeList> disputes(Actor actor, @Parameter(schema = @Schema(allowableValues = {"OPEN", "RESOLVED"}))
                               @RequestParam(required = false) String status) {
        Readers.require(actor, ApiRule.AUDITORS_OR_SUPERVISORS.refused(
                "Disputes are listed for auditors and supervisors."), Role.AUDITOR, Role.SUPERVISOR);
        FindDisputes query;
        try {
            query = new FindDisputes(status == null || status.isBlank() ? null : status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ApiRule.DISPUTE_STATUS, "status is OPEN or RESOLVED.");
        }
        return queries.handle(query).collectList().map(DisputeList::new);
    }

    private static void checkpointReaders(Actor actor) {
        Readers.require(actor, ApiRule.AUDITORS_OR_SUPERVISORS.refused("Checkpoints are for auditors and supervisors."),
                Role.AUDITOR, Role.SUPERVISOR);
    }

    private static void auditorsOnly(Actor actor) {
        Readers.require(actor, ApiRule.AUDITORS_ONLY.refused("Conversation audits are for auditors."), Role.AUDITOR);
    }

    private static <T> Mono<T> found(Mono<T> answer, String conversationId) {
        return answer.switchIfEmpty(Mono.error(() -> ConversationAccess.notFound(conversationId)));
    }
}

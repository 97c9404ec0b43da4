package livechat.api.http;

import livechat.api.security.ConversationAccess;
import livechat.events.Actor;
import livechat.events.Role;
import livechat.query.audit.AuditQueries;
import livechat.query.audit.ChainVerification;
import livechat.query.audit.ConversationAudit;
import livechat.query.audit.Dispute;
import livechat.query.audit.ExportAuditBundle;
import livechat.query.audit.FindConversationAudit;
import livechat.query.audit.FindDisputes;
import livechat.query.audit.VerifyConversationAudit;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Locale;

/** The dispute audit: for auditors, and the dispute list also for supervisors. */
@RestController
@RequestMapping("/api/audits")
class AuditController {

    record DisputeList(List<Dispute> disputes) {
    }

    private final AuditQueries queries;

    AuditController(AuditQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/conversations/{conversationId}")
    Mono<ConversationAudit> conversation(Actor actor, @PathVariable String conversationId) {
        auditorsOnly(actor);
        return found(queries.handle(new FindConversationAudit(conversationId)), conversationId);
    }

    @GetMapping("/conversations/{conversationId}/verify")
    Mono<ChainVerification> verify(Actor actor, @PathVariable String conversationId) {
        auditorsOnly(actor);
        return found(queries.handle(new VerifyConversationAudit(conversationId)), conversationId);
    }

    /** A zip of events.ndjson and manifest.json that {@code AuditBundle.verify} checks offline. */
    @GetMapping("/conversations/{conversationId}/export")
    Mono<ResponseEntity<byte[]>> export(Actor actor, @PathVariable String conversationId) {
        auditorsOnly(actor);
        return found(queries.handle(new ExportAuditBundle(conversationId)), conversationId)
                .map(bundle -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("audit-" + conversationId + ".zip").build().toString())
                        .body(bundle));
    }

    @GetMapping("/disputes")
    Mono<DisputeList> disputes(Actor actor, @RequestParam(required = false) String status) {
        Readers.require(actor, "auditors-or-supervisors", "Disputes are listed for auditors and supervisors.",
                Role.AUDITOR, Role.SUPERVISOR);
        FindDisputes query;
        try {
            query = new FindDisputes(status == null || status.isBlank() ? null : status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "dispute-status", "status is OPEN or RESOLVED.");
        }
        return queries.handle(query).collectList().map(DisputeList::new);
    }

    private static void auditorsOnly(Actor actor) {
        Readers.require(actor, "auditors-only", "Conversation audits are for auditors.", Role.AUDITOR);
    }

    private static <T> Mono<T> found(Mono<T> answer, String conversationId) {
        return answer.switchIfEmpty(Mono.error(() -> ConversationAccess.notFound(conversationId)));
    }
}

package livechat.api.http;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import livechat.api.security.ConversationAccess;
import livechat.api.security.UploadQuota;
import livechat.api.store.AttachmentStore;
import livechat.api.store.StoreWork;
import livechat.command.Limits;
import livechat.command.access.AccessRule;
import livechat.command.subject.SubjectRule;
import livechat.events.Actor;
import livechat.events.Attachment;
import livechat.events.privacy.DataKeys;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files messages carry: uploaded by someone who may write in the conversation, stored once per content (see
 * {@link AttachmentStore}), answered as the reference a message then sends, and downloaded by whoever may read the
 * conversation's transcript. Nothing is stored for the conversations of a visitor whose data was erased. A download
 * is always a download ({@code Content-Disposition: attachment}) of the type its bytes were recognised as, and never
 * sniffed by the browser as anything else.
 */
@RestController
@RequestMapping("/api/conversations")
@Tag(name = "attachments")
class AttachmentController {

    /** What multipart framing adds around the file at most: boundaries and part headers. */
    private static final long FRAMING_BYTES = 64 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Reads a multipart body as it arrives, part by part, holding none of it whole. */
    private static final PartEventHttpMessageReader PARTS = new PartEventHttpMessageReader();
    private static final Map<String, String> EXTENSIONS = Map.of("image/png", "png", "image/jpeg", "jpg",
            "image/gif", "gif", "image/webp", "webp", "application/pdf", "pdf", "text/plain", "txt");

    private final ConversationAccess access;
    private final AttachmentStore store;
    private final StoreWork storeWork;
    private final AccessRecorder recorder;
    private final DataKeys keys;
    private final UploadQuota quota;

    AttachmentController(ConversationAccess access, AttachmentStore store, StoreWork storeWork,
                         AccessRecorder recorder, DataKeys keys, UploadQuota quota) {
        this.access = access;
        this.store = store;
        this.storeWork = storeWork;
        this.recorder = recorder;
        this.keys = keys;
        this.quota = quota;
    }

    /** The form of an upload, for the API's description: the file in the part {@code file}. */
    @Schema(name = "AttachmentUpload")
    record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The file: PNG, JPEG, GIF, WebP, PDF or UTF-8 text, at most " + Limits.ATTACHMENT_MIB
                    + " MiB") String file) {
    }

    @PostMapping("/{conversationId}/attachments")
    @Operation(operationId = "uploadAttachment", summary = "Upload a file a message of the conversation will carry",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(implementation = UploadForm.class))))
    @ApiResponse(responseCode = "201", description = "Stored (or already stored: the same bytes are kept once); "
            + "send the answer as one of a message's attachments",
            headers = @Header(name = "Location", description = "Where the file is downloaded",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = Attachment.class)))
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP, ApiRule.ATTACHMENT_PART,
            ApiRule.ATTACHMENT_TOO_LARGE, ApiRule.ATTACHMENT_TYPE, ApiRule.SERVER_BUSY},
            subject = SubjectRule.VISITOR_DATA_ERASED)
    Mono<ResponseEntity<Attachment>> upload(Actor actor, @PathVariable String conversationId,
                                            ServerHttpRequest request) {
        // The body is read only once the conversation's access is decided, so a stranger learns nothing from it.
        return access.toChange(conversationId, actor).then(access.toRead(conversationId, actor))
                .flatMap(conversation -> {
                    MediaType type = request.getHeaders().getContentType();
                    if (type == null || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
                        return Mono.error(ApiRule.UNSUPPORTED_MEDIA_TYPE.refused(
                                "An upload is multipart/form-data, with the file in the part 'file'."));
                    }
                    long declared = request.getHeaders().getContentLength();
                    if (declared > AttachmentUpload.MAX_BYTES + FRAMING_BYTES) {
                        return Mono.error(ApiRule.ATTACHMENT_TOO_LARGE.refused("An attachment has at most "
                                + Limits.ATTACHMENT_MIB + " MiB; this request has " + declared + " bytes."));
                    }
                    return Mono.using(AttachmentUpload::create, upload -> upload
                            .receive(PARTS.read(ResolvableType.forClass(PartEvent.class), request, Map.of()))
                            .then(storeWork.run(() -> {
                                AttachmentStore.StoredFile file = upload.identify();
                                String visitorId = conversation.visitorId();
                                refuseIfErased(visitorId);
                                refuseOverQuota(actor, file.sizeBytes());
                                store.store(upload.file(), file, conversationId, visitorId);
                                // An erasure handled while the file was being stored did not see its reference.
                                if (keys.subjectErased(visitorId)) {
                                    store.eraseVisitor(visitorId);
                                    refuseIfErased(visitorId);
                                }
                                return new Attachment(upload.name(), file.mediaType(), file.sizeBytes(),
                                        file.sha256());
                            })), AttachmentUpload::close);
                })
                .map(attachment -> ResponseEntity.created(URI.create("/api/conversations/" + conversationId
                        + "/attachments/" + attachment.sha256())).body(attachment));
    }

    /** On a store worker, which may wait for the shared allowance. */
    private void refuseOverQuota(Actor actor, long bytes) {
        quota.spend(actor.toString(), bytes).blockOptional().flatMap(wait -> wait).ifPresent(wait -> {
            throw new ProblemException(ApiRule.RATE_LIMITED, "You may upload %,d bytes within %s; this file of %,d "
                    .formatted(quota.capacity(), quota.window().toString().substring(2).toLowerCase(Locale.ROOT), bytes)
                    + "bytes fits in your allowance again in " + wait.toSeconds() + " s.", wait);
        });
    }

    private void refuseIfErased(String visitorId) {
        if (keys.subjectErased(visitorId)) {
            throw SubjectRule.VISITOR_DATA_ERASED.broken("The personal data of this conversation's visitor was "
                    + "erased; no file is kept for their conversations.");
        }
    }

    @GetMapping("/{conversationId}/attachments/{sha256}")
    @Operation(operationId = "downloadAttachment", summary = "Download a file a message of the conversation carries")
    @ApiResponse(responseCode = "200", description = "The file, as the type its bytes were recognised as",
            headers = {@Header(name = "Content-Disposition", description = "attachment; filename=<sha256>.<ext>",
                    schema = @Schema(type = "string")),
                    @Header(name = "X-Content-Type-Options", description = "nosniff",
                            schema = @Schema(type = "string"))},
            content = {@Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string",
                    format = "binary")),
                    @Content(mediaType = MediaType.IMAGE_JPEG_VALUE, schema = @Schema(type = "string",
                            format = "binary")),
                    @Content(mediaType = MediaType.IMAGE_GIF_VALUE, schema = @Schema(type = "string",
                            format = "binary")),
                    @Content(mediaType = "image/webp", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = MediaType.APPLICATION_PDF_VALUE, schema = @Schema(type = "string",
                            format = "binary")),
                    @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, schema = @Schema(type = "string"))})
    @Refuses(value = {ApiRule.CONVERSATION_NOT_FOUND, ApiRule.READ_MODEL_CATCHING_UP, ApiRule.ATTACHMENT_NOT_FOUND},
            access = AccessRule.PURPOSE_FORMAT, writes = true)
    Mono<ResponseEntity<Flux<DataBuffer>>> download(Actor actor, @PathVariable String conversationId,
                                                    @PathVariable String sha256, ServerHttpRequest request) {
        return access.toRead(conversationId, actor)
                .then(Mono.defer(() -> SHA256.matcher(sha256).matches()
                        ? recorder.recorded(store.download(conversationId, sha256), actor, conversationId,
                        "attachment", request) : Mono.empty()))
                .switchIfEmpty(Mono.error(() -> ApiRule.ATTACHMENT_NOT_FOUND.refused("The conversation "
                        + conversationId + " has no attachment " + sha256 + ".")))
                .map(download -> {
                    AttachmentStore.StoredFile file = download.file();
                    return ResponseEntity.status(HttpStatus.OK)
                            .contentType(file.mediaType().equals(MediaType.TEXT_PLAIN_VALUE)
                                    ? new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)
                                    : MediaType.parseMediaType(file.mediaType()))
                            .contentLength(file.sizeBytes())
                            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                    .filename(file.sha256() + "." + EXTENSIONS.get(file.mediaType())).build()
                                    .toString())
                            .header("X-Content-Type-Options", "nosniff")
                            .body(download.content().map(DefaultDataBufferFactory.sharedInstance::wrap));
                });
    }
}

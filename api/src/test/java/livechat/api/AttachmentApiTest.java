package livechat.api;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import livechat.api.store.MessageRedactions;
import livechat.command.conversation.ConversationCommand.RedactMessage;
import livechat.events.Actor;
import livechat.query.projection.ReadModelDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static livechat.api.ChatClient.SUPERVISOR;
import static livechat.api.ProblemAssertions.expectProblem;
import static livechat.api.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files over a real port: an upload stores the bytes once per content and answers the reference a message carries;
 * the download is for whoever reads the transcript; types come from the bytes; the size is capped; redacting a
 * message erases the files only it carried; erasing a visitor erases the files of their conversations and nothing
 * another conversation still references, and keeps no new ones.
 */
@ServerTest
class AttachmentApiTest {

    private static final byte[] PNG = TestFiles.png();
    private static final String DOWNLOAD = "/api/conversations/{id}/attachments/{sha}";

    private static LivechatServer server;
    private static ChatClient chat;
    private static int conversations;

    @BeforeAll
    static void connect(LivechatServer running, ChatClient client) {
        server = running;
        chat = client;
    }

    /** A conversation of {@code visitor} routed to a fresh agent of its own: {conversationId, agent}. */
    private static String[] routedConversation(String visitor) {
        String agent = "agent-" + (++conversations);
        chat.agent(agent, List.of("files-" + conversations), 5, "ONLINE");
        String id = chat.startConversation(visitor, "Files " + conversations, "files-" + conversations);
        chat.awaitHolding(agent, id);
        return new String[] {id, "agent:" + agent};
    }

    private static Map<String, Object> uploaded(String actor, String id, String name, byte[] bytes) {
        return chat.upload(actor, id, name, bytes).expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/conversations/" + id + "/attachments/"
                        + sha256(bytes))
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
                }).returnResult().getResponseBody();
    }

    private static MongoDatabase store() {
        return server.bean(ReadModelDatabase.class).blocking();
    }

    private static long storedFiles(byte[] bytes) {
        return store().getCollection("attachments.files").countDocuments(Filters.eq("filename", sha256(bytes)));
    }

    private static byte[] randomPng(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        System.arraycopy(PNG, 0, bytes, 0, 16);
        return bytes;
    }

    @Test
    void aVisitorAttachesAFileTheAgentDownloadsAsAnAttachment() {
        String visitor = "visitor:v-files-1";
        String[] routed = routedConversation(visitor);
        String id = routed[0];

        Map<String, Object> reference = uploaded(visitor, id, "C:\\photos\\receipt.png", PNG);
        assertThat(reference).containsEntry("name", "receipt.png").containsEntry("mediaType", "image/png")
                .containsEntry("sizeBytes", PNG.length).containsEntry("sha256", sha256(PNG));
        chat.post(visitor, "/api/conversations/{id}/messages", Map.of("clientMessageId", "c-1",
                "attachments", List.of(reference)), id).expectStatus().isCreated();
        assertThat(chat.awaitMessages(routed[1], id, 1).get(0).get("attachments")).isEqualTo(List.of(reference));

        for (String reader : List.of(routed[1], visitor, SUPERVISOR, "auditor:x-files")) {
            byte[] body = chat.get(reader, DOWNLOAD, id, sha256(PNG)).expectStatus().isOk()
                    .expectHeader().contentType(MediaType.IMAGE_PNG)
                    .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                    .expectHeader().valueEquals(HttpHeaders.CONTENT_DISPOSITION,
                            "attachment; filename=\"" + sha256(PNG) + ".png\"")
                    .expectBody(byte[].class).returnResult().getResponseBody();
            assertThat(body).isEqualTo(PNG);
        }
        // Staff downloads are reads of the conversation's records, in its access log; the visitor's own are not.
        assertThat(chat.get("auditor:x-files", "/api/audits/access?conversationId=" + id).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody())
                .contains("\"actor\":\"" + routed[1] + "\"", "\"resource\":\"attachment\"");
    }

    @Test
    void theSameBytesAreStoredOnce() {
        String visitor = "visitor:v-files-2";
        String[] routed = routedConversation(visitor);
        byte[] bytes = randomPng(600_000);

        Map<String, Object> first = uploaded(visitor, routed[0], "a.png", bytes);
        Map<String, Object> second = uploaded(routed[1], routed[0], "b.png", bytes);
        String other = routedConversation("visitor:v-files-3")[0];
        uploaded("visitor:v-files-3", other, "c.png", bytes);

        assertThat(second.get("sha256")).isEqualTo(first.get("sha256"));
        assertThat(storedFiles(bytes)).isEqualTo(1);
        assertThat(chat.http().mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(bytes.length)).build()
                .get().uri(DOWNLOAD, routed[0], sha256(bytes)).headers(chat.as(visitor)).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(bytes);
    }

    @Test
    void theTypeComesFromTheBytes() {
        String visitor = "visitor:v-files-4";
        String id = routedConversation(visitor)[0];

        byte[] text = "Order 4711, größe M\n".getBytes(StandardCharsets.UTF_8);
        assertThat(uploaded(visitor, id, "notes.png", text)).containsEntry("mediaType", "text/plain");
        chat.get(visitor, DOWNLOAD, id, sha256(text)).expectStatus().isOk()
                .expectHeader().contentType("text/plain;charset=UTF-8");
        byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(uploaded(visitor, id, "scan", pdf)).containsEntry("mediaType", "application/pdf")
                .containsEntry("name", "scan");

        Map<String, byte[]> images = Map.of(
                "image/jpeg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I',
                        'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, (byte) 0xff, (byte) 0xd9},
                "image/gif", "GIF89a\1\0\1\0\0\0\0;".getBytes(StandardCharsets.ISO_8859_1),
                "image/webp", "RIFF\u001a\0\0\0WEBPVP8 \u000e\0\0\0\0\0\0\0\0\0\0\0\0\0"
                        .getBytes(StandardCharsets.ISO_8859_1));
        images.forEach((type, bytes) -> assertThat(uploaded(visitor, id, "picture.bin", bytes))
                .containsEntry("mediaType", type));

        byte[] zip = {0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        byte[] withNul = "text\0with a NUL".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, s'il vous pla\u00eet".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] refused : List.of(zip, html, withNul, latin1)) {
            expectProblem(chat.upload(visitor, id, "picture.png", refused), 415, "attachment-type");
            assertThat(storedFiles(refused)).isZero();
        }
        expectProblem(chat.upload(visitor, id, "empty.png", new byte[0]), 400, "attachment-part");
        expectProblem(chat.post(visitor, "/api/conversations/{id}/attachments", Map.of("file", "x"), id), 415,
                "unsupported-media-type");
        expectProblem(chat.http().post().uri("/api/conversations/{id}/attachments", id).headers(chat.as(visitor))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(new org.springframework.util.LinkedMultiValueMap<>(Map.of("other", List.of("x"))))
                .exchange(), 400, "attachment-part");
    }

    @Test
    void aFileOverTheLimitIsRefusedAndNothingIsStored() {
        String visitor = "visitor:v-files-5";
        String id = routedConversation(visitor)[0];
        byte[] tooBig = randomPng(25 * 1024 * 1024 + 1);

        expectProblem(chat.upload(visitor, id, "big.png", tooBig), 413, "attachment-too-large");
        assertThat(storedFiles(tooBig)).isZero();
        byte[] justRight = randomPng(25 * 1024 * 1024);
        assertThat(uploaded(visitor, id, "max.png", justRight)).containsEntry("sizeBytes", justRight.length);
    }

    @Test
    void onlyThoseWhoMayWriteUploadAndOnlyThoseWhoMayReadDownload() {
        String visitor = "visitor:v-files-6";
        String[] routed = routedConversation(visitor);
        String id = routed[0];
        String sha = (String) uploaded(visitor, id, "a.png", PNG).get("sha256");
        String strangerAgent = routedConversation("visitor:v-files-7")[1];

        chat.http().post().uri("/api/conversations/{id}/attachments", id).contentType(MediaType.MULTIPART_FORM_DATA)
                .exchange().expectStatus().isUnauthorized();
        chat.http().get().uri(DOWNLOAD, id, sha).exchange().expectStatus().isUnauthorized();
        // role × operation: upload, then download
        Map<String, int[]> expected = Map.of(
                visitor, new int[] {201, 200},
                routed[1], new int[] {201, 200},
                SUPERVISOR, new int[] {201, 200},
                "visitor:v-files-stranger", new int[] {404, 404},
                strangerAgent, new int[] {404, 404},
                "auditor:x-files", new int[] {403, 200},
                "admin:admin", new int[] {403, 403});
        expected.forEach((actor, statuses) -> {
            chat.upload(actor, id, "a.png", PNG).expectStatus().isEqualTo(statuses[0]);
            chat.get(actor, DOWNLOAD, id, sha).expectStatus().isEqualTo(statuses[1]);
        });
        expectProblem(chat.get("visitor:v-files-stranger", DOWNLOAD, id, sha), 404, "conversation-not-found");
        // A file stored for another conversation is not this one's, though its hash is known.
        String elsewhere = routedConversation("visitor:v-files-8")[0];
        byte[] other = randomPng(1000);
        uploaded("visitor:v-files-8", elsewhere, "x.png", other);
        expectProblem(chat.get(visitor, DOWNLOAD, id, sha256(other)), 404, "attachment-not-found");
        expectProblem(chat.get(visitor, DOWNLOAD, id, "not-a-hash"), 404, "attachment-not-found");
    }

    private static String sentWith(String actor, String id, String clientMessageId, List<Map<String, Object>> files) {
        return (String) chat.post(actor, "/api/conversations/{id}/messages", Map.of("clientMessageId",
                        clientMessageId, "attachments", files), id).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("messageId");
    }

    @Test
    void redactingAMessageErasesTheFilesNoOtherMessageOfItsConversationCarries() {
        String visitor = "visitor:v-files-redacted";
        String[] routed = routedConversation(visitor);
        String id = routed[0];
        String elsewhere = routedConversation("visitor:v-files-beside")[0];
        byte[] own = randomPng(400_000);
        byte[] twice = randomPng(3000);
        byte[] crossed = randomPng(4000);
        Map<String, Object> ownFile = uploaded(visitor, id, "card.png", own);
        Map<String, Object> twiceFile = uploaded(visitor, id, "twice.png", twice);
        Map<String, Object> crossedFile = uploaded(visitor, id, "crossed.png", crossed);
        uploaded("visitor:v-files-beside", elsewhere, "crossed.png", crossed);
        Object ownId = store().getCollection("attachments.files").find(Filters.eq("filename", sha256(own)))
                .first().get("_id");
        String first = sentWith(visitor, id, "c-files-1", List.of(ownFile, twiceFile, crossedFile));
        String second = sentWith(visitor, id, "c-files-2", List.of(twiceFile));
        String redaction = "/api/conversations/{id}/messages/{m}/redaction";

        chat.post(SUPERVISOR, redaction, Map.of("reason", "card photo"), id, first).expectStatus().isOk();

        // Gone once the redaction is answered, chunks included.
        assertThat(storedFiles(own)).isZero();
        assertThat(store().getCollection("attachments.chunks").countDocuments(Filters.eq("files_id", ownId)))
                .isZero();
        expectProblem(chat.get(SUPERVISOR, DOWNLOAD, id, sha256(own)), 404, "attachment-not-found");
        // Still carried by the second message.
        assertThat(chat.get(routed[1], DOWNLOAD, id, sha256(twice)).expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(twice);
        // No longer this conversation's, still the other's, stored once.
        expectProblem(chat.get(SUPERVISOR, DOWNLOAD, id, sha256(crossed)), 404, "attachment-not-found");
        assertThat(chat.get("visitor:v-files-beside", DOWNLOAD, elsewhere, sha256(crossed)).expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(crossed);
        assertThat(storedFiles(crossed)).isEqualTo(1);

        chat.post(SUPERVISOR, redaction, Map.of("reason", "same photo"), id, second).expectStatus().isOk();

        assertThat(storedFiles(twice)).isZero();
        expectProblem(chat.get(visitor, DOWNLOAD, id, sha256(twice)), 404, "attachment-not-found");
        assertThat(server.bean(MessageRedactions.class).destroy(id, second)).isZero();

        // A redaction recorded without the endpoint's deletion (a stop in between): KeyShredding deletes from the log.
        byte[] late = randomPng(5000);
        String third = sentWith(visitor, id, "c-files-3", List.of(uploaded(visitor, id, "late.png", late)));
        server.bean(CommandGateway.class).sendAndWait(new RedactMessage(id, Actor.parse(SUPERVISOR), third, "late"));
        await().untilAsserted(() -> assertThat(storedFiles(late)).isZero());
    }

    @Test
    void erasingAVisitorErasesTheFilesOnlyTheirConversationsReference() {
        String erased = "visitor:v-files-erased";
        String stays = "visitor:v-files-stays";
        String[] theirs = routedConversation(erased);
        String kept = routedConversation(stays)[0];
        byte[] own = randomPng(300_000);
        byte[] shared = randomPng(2000);
        uploaded(erased, theirs[0], "own.png", own);
        uploaded(theirs[1], theirs[0], "shared.png", shared);
        uploaded(stays, kept, "shared.png", shared);
        Object ownId = store().getCollection("attachments.files").find(Filters.eq("filename", sha256(own)))
                .first().get("_id");

        chat.post(SUPERVISOR, "/api/visitors/{v}/erasure", Map.of("reason", "asked by email",
                "legalBasis", "gdpr-art-17"), "v-files-erased").expectStatus().isOk();

        await().untilAsserted(() -> {
            assertThat(storedFiles(own)).isZero();
            assertThat(store().getCollection("attachments.chunks").countDocuments(Filters.eq("files_id", ownId)))
                    .isZero();
        });
        expectProblem(chat.get(SUPERVISOR, DOWNLOAD, theirs[0], sha256(own)), 404, "attachment-not-found");
        await().untilAsserted(() -> expectProblem(chat.get(SUPERVISOR, DOWNLOAD, theirs[0], sha256(shared)), 404,
                "attachment-not-found"));
        assertThat(chat.get(stays, DOWNLOAD, kept, sha256(shared)).expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody()).isEqualTo(shared);

        // Nothing new of an erased visitor is kept, whoever uploads it.
        byte[] late = randomPng(500);
        expectProblem(chat.upload(erased, theirs[0], "late.png", late), 409, "visitor-data-erased");
        expectProblem(chat.upload(theirs[1], theirs[0], "late.png", late), 409, "visitor-data-erased");
        assertThat(storedFiles(late)).isZero();
    }
}

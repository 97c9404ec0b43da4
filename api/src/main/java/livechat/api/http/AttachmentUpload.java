package livechat.api.http;

import livechat.api.store.AttachmentStore.StoredFile;
import livechat.command.Limits;
import org.apache.tika.Tika;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One upload's file part, written to a temporary file as it arrives (never held whole in memory), hashed and
 * counted on the way; past {@link #MAX_BYTES} it is refused at once. Its type comes from its bytes alone (Apache
 * Tika's magic numbers), never from its name or the type the client claims: text must also be UTF-8 without NULs.
 * Closing deletes the temporary file.
 */
final class AttachmentUpload implements AutoCloseable {

    static final long MAX_BYTES = Limits.ATTACHMENT_MIB * 1024L * 1024;
    static final String PART = "file";
    private static final Tika TIKA = new Tika();
    private static final String TEXT = "text/plain";

    private final Path file;
    private final FileChannel channel;
    private final MessageDigest digest;
    private long size;
    private String name;
    private boolean complete;

    private AttachmentUpload(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    static AttachmentUpload create() {
        try {
            return new AttachmentUpload(Files.createTempFile("livechat-upload-", ".part"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Receives the parts: the one named {@link #PART} goes to the file, any other is read and dropped. */
    Mono<Void> receive(Flux<PartEvent> parts) {
        return parts.publishOn(Schedulers.boundedElastic())
                .doOnNext(event -> {
                    try {
                        accept(event);
                    } finally {
                        DataBufferUtils.release(event.content());
                    }
                })
                .doOnDiscard(PartEvent.class, event -> DataBufferUtils.release(event.content()))
                .then(Mono.fromRunnable(() -> {
                    if (!complete || size == 0) {
                        throw ApiRule.ATTACHMENT_PART.refused("An upload is multipart/form-data with one non-empty "
                                + "file in the part named '" + PART + "'.");
                    }
                }));
    }

    private void accept(PartEvent event) {
        if (!(event instanceof FilePartEvent part) || !PART.equals(part.name())) {
            return;
        }
        if (complete) {
            throw ApiRule.ATTACHMENT_PART.refused("An upload carries one file; this one has more.");
        }
        if (name == null) {
            name = part.filename();
        }
        DataBuffer content = part.content();
        size += content.readableByteCount();
        if (size > MAX_BYTES) {
            throw ApiRule.ATTACHMENT_TOO_LARGE.refused("An attachment has at most " + Limits.ATTACHMENT_MIB
                    + " MiB; nothing of this one was stored.");
        }
        try (DataBuffer.ByteBufferIterator buffers = content.readableByteBuffers()) {
            while (buffers.hasNext()) {
                ByteBuffer buffer = buffers.next();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        complete = part.isLast();
    }

    /**
     * What the received bytes are, refused with {@code 415 attachment-type} unless one of
     * {@link Limits#ATTACHMENT_TYPES}. Blocking: it reads the file.
     */
    StoredFile identify() throws IOException {
        String type;
        try (InputStream bytes = new BufferedInputStream(Files.newInputStream(file))) {
            type = TIKA.detect(bytes);
        }
        if (!Limits.ATTACHMENT_TYPES.contains(type) || (type.equals(TEXT) && !utf8WithoutNul())) {
            throw ApiRule.ATTACHMENT_TYPE.refused("Attachments are PNG, JPEG, GIF or WebP images, PDF documents or "
                    + "UTF-8 text without NULs, as their bytes show; these bytes are " + type + ".");
        }
        return new StoredFile(HexFormat.of().formatHex(digest.digest()), type, size);
    }

    /** The file name the client gave, without any folder, or {@code attachment} when it gave none. */
    String name() {
        String given = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cc}", "").strip();
        if (given.isEmpty()) {
            return "attachment";
        }
        return given.codePointCount(0, given.length()) <= Limits.ATTACHMENT_NAME ? given
                : given.substring(0, given.offsetByCodePoints(0, Limits.ATTACHMENT_NAME));
    }

    Path file() {
        return file;
    }

    private boolean utf8WithoutNul() throws IOException {
        try (BufferedReader text = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            char[] chars = new char[8192];
            for (int read = text.read(chars); read >= 0; read = text.read(chars)) {
                for (int i = 0; i < read; i++) {
                    if (chars[i] == '\0') {
                        return false;
                    }
                }
            }
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package livechat.eventstore.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import livechat.events.privacy.MasterKey;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key service speaking the AWS KMS JSON protocol ({@code GenerateDataKey}, {@code Decrypt}) over HTTP on a local
 * port, with a key of its own that never leaves it: what {@link KmsMasterKey} talks to in tests. Signatures are not
 * checked. It counts the requests it answers.
 */
public final class KmsDouble implements AutoCloseable {

    public static final String KEY_ID = "alias/livechat-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final MasterKey key;
    private final AtomicInteger requests = new AtomicInteger();

    private KmsDouble(HttpServer server) {
        this.server = server;
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        key = new MasterKey(raw);
    }

    /** Started on a free port; the AWS SDK's default credentials chain finds test credentials from now on. */
    public static KmsDouble start() {
        System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "test"));
        System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "test"));
        try {
            KmsDouble kms = new KmsDouble(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0), 0));
            kms.server.createContext("/", kms::answer);
            kms.server.start();
            return kms;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public KmsMasterKey.Settings settings() {
        return new KmsMasterKey.Settings(KEY_ID, "eu-west-1", endpoint());
    }

    public int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String context = "kms|" + request.path("EncryptionContext");
        if (!KEY_ID.equals(request.path("KeyId").asText())) {
            reply(exchange, 400, Map.of("__type", "NotFoundException", "message", "no such key"));
        } else if ("TrentService.GenerateDataKey".equals(target)) {
            byte[] plain = new byte[32];
            new SecureRandom().nextBytes(plain);
            reply(exchange, 200, Map.of("KeyId", KEY_ID, "Plaintext", base64(plain),
                    "CiphertextBlob", base64(key.wrap(context, plain))));
        } else if ("TrentService.Decrypt".equals(target)) {
            try {
                byte[] blob = Base64.getDecoder().decode(request.path("CiphertextBlob").asText());
                reply(exchange, 200, Map.of("KeyId", KEY_ID, "Plaintext", base64(key.unwrap(context, blob))));
            } catch (AEADBadTagException | IllegalArgumentException e) {
                reply(exchange, 400, Map.of("__type", "InvalidCiphertextException", "message", "not ours"));
            }
        } else {
            reply(exchange, 400, Map.of("__type", "UnsupportedOperationException", "message", target));
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        if (status != 200) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", body.get("__type"));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
